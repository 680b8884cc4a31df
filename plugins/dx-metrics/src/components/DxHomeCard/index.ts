export { DxHomeCard } from './DxHomeCard';
