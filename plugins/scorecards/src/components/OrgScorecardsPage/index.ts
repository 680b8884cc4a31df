export { OrgScorecardsPage } from './OrgScorecardsPage';
