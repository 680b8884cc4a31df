export { ProvisionHomeCard } from './ProvisionHomeCard';
