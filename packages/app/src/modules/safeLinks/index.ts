export { safeLinksModule } from './safeLinksModule';
