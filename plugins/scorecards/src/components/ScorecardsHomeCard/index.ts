export { ScorecardsHomeCard } from './ScorecardsHomeCard';
