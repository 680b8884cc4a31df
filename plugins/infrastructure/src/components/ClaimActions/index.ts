export { ClaimActions } from './ClaimActions';
