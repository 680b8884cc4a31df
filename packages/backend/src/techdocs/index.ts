export { techDocsPrebuildModule } from './module';
