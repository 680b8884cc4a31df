export { ExemptionDialog } from './ExemptionDialog';
