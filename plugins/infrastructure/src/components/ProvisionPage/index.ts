export { ProvisionPage } from './ProvisionPage';
