export { TeamScorecardsContent } from './TeamScorecardsContent';
