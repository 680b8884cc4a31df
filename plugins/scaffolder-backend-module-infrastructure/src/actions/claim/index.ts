export { createClaimAction, CLAIM_ACTION_ID } from './claimAction';
export type { ClaimActionOptions } from './claimAction';
