import { createHash } from 'node:crypto';
import type { PullRequestRequest } from './request';

export type CheckpointStep =
  | 'plan'
  | 'commit'
  | 'ref'
  | 'open-pull'
  | 'edit-pull'
  | 'draft'
  | 'labels'
  | 'reviewers';

/**
 * Checkpoint keys for one upsert: a readable identity (repository and branch)
 * plus a hash of every input that changes what is written, so a retried task
 * replays its own steps while a run with different input starts afresh.
 */
export function checkpointKeys(
  request: PullRequestRequest,
): (step: CheckpointStep) => string {
  const { host, owner, repo } = request.target;
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        host,
        owner,
        repo,
        request.branch,
        request.baseBranch ?? null,
        request.files
          .map(file => [file.path, file.blobSha, file.executable ?? null])
          .sort(),
        [...request.deletions].sort(),
        request.title,
        request.body,
        request.commitMessage,
        [...request.labels].sort(),
        [...request.reviewers].sort(),
        [...request.teamReviewers].sort(),
        request.draft ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  const identity = `${owner}/${repo}#${request.branch}`;
  return step => `callboard.pull-request.${identity}.${step}.${fingerprint}`;
}
