export { lunrSearchEngineModule } from './lunrSearchEngine';
