export { catalogColumnsModule } from './catalogColumnsModule';
