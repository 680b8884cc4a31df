export { AdoptionPage } from './AdoptionPage';
