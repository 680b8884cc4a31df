export { OrgDxPage } from './OrgDxPage';
