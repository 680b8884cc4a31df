export { EntityDxContent } from './EntityDxContent';
