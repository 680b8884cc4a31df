export { ScorecardsTab } from './ScorecardsTab';
