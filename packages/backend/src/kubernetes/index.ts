export { kubernetesSecretsGuardModule } from './module';
