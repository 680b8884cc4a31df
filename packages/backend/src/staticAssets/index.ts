export { callboardRootHttpRouter } from './rootHttpRouter';
