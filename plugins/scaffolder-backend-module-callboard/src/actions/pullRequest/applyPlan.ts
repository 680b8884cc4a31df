import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { CheckpointStep } from './checkpointKeys';
import type { NewTreeEntry, PullRequestGithubApi } from './githubApi';
import type { UpsertPlan } from './plan';
import type { ProgressLog } from './progress';
import type { PullRequestRequest } from './request';

/** `ctx.checkpoint` of the scaffolder: runs `fn` once per key for the life of a task. */
export type Checkpoint = <T extends JsonValue | void>(options: {
  key: string;
  fn: () => Promise<T> | T;
}) => Promise<T>;

export interface ApplyPlanContext {
  api: PullRequestGithubApi;
  request: PullRequestRequest;
  plan: UpsertPlan;
  checkpoint: Checkpoint;
  keyFor: (step: CheckpointStep) => string;
  progress: ProgressLog;
  logger: LoggerService;
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

async function treeEntries(context: ApplyPlanContext): Promise<NewTreeEntry[]> {
  const { api, request, plan } = context;
  const filesByPath = new Map(request.files.map(file => [file.path, file]));
  const entries: NewTreeEntry[] = [];
  for (const change of plan.changes) {
    const file = filesByPath.get(change.path);
    if (change.change === 'deleted' || !file || !change.mode) {
      const mode = change.previousMode ?? '100644';
      entries.push({
        path: change.path,
        mode,
        type: mode === '160000' ? 'commit' : 'blob',
        sha: null,
      });
    } else if (change.previousSha === file.blobSha) {
      entries.push({
        path: change.path,
        mode: change.mode,
        type: 'blob',
        sha: file.blobSha,
      });
    } else if (file.encoding === 'utf-8') {
      // Text goes inline in the tree request: one call instead of one per file.
      entries.push({
        path: change.path,
        mode: change.mode,
        type: 'blob',
        content: file.content.toString('utf8'),
      });
    } else {
      entries.push({
        path: change.path,
        mode: change.mode,
        type: 'blob',
        sha: await api.createBlob(file.content, change.path),
      });
    }
  }
  return entries;
}

async function pushChanges(context: ApplyPlanContext): Promise<void> {
  const { api, request, plan, checkpoint, keyFor, progress, logger } = context;
  const { sha } = await checkpoint({
    key: keyFor('commit'),
    fn: async () => {
      const tree = await api.createTree(
        plan.startTreeSha,
        await treeEntries(context),
      );
      const commitSha = await api.createCommit({
        message: request.commitMessage,
        tree,
        parent: plan.startCommitSha,
      });
      return { sha: commitSha };
    },
  });
  progress.record(`created commit ${shortSha(sha)}`);

  await checkpoint({
    key: keyFor('ref'),
    fn: () =>
      plan.branchExists
        ? api.moveBranch(request.branch, sha)
        : api.createBranch(request.branch, sha),
  });
  const commit = shortSha(sha);
  const pushed = plan.branchExists
    ? `pushed commit ${commit} to branch '${request.branch}'`
    : `created branch '${request.branch}' at commit ${commit}`;
  progress.record(pushed);
  logger.info(
    plan.branchExists
      ? `Pushed commit ${commit} (${plan.changes.length} file(s) changed) to branch '${request.branch}'`
      : `Created branch '${request.branch}' at commit ${commit} (${plan.changes.length} file(s) changed)`,
  );
}

/**
 * Carries out a plan, each side effect in its own checkpoint, so a task that
 * is retried after a crash skips what already happened and finishes the rest.
 */
export async function applyPlan(
  context: ApplyPlanContext,
): Promise<{ number: number; url: string }> {
  const { api, request, plan, checkpoint, keyFor, progress, logger } = context;
  if (plan.changes.length > 0) {
    await pushChanges(context);
  }

  let pull = plan.pull;
  if (!pull) {
    pull = await checkpoint({
      key: keyFor('open-pull'),
      fn: () =>
        api.createPullRequest({
          title: request.title,
          body: request.body,
          head: request.branch,
          base: plan.baseBranch,
          draft: plan.draft ?? false,
        }),
    });
    progress.record(`opened pull request #${pull.number} (${pull.url})`);
    logger.info(
      `Opened ${plan.draft ? 'draft ' : ''}pull request #${pull.number}: ${
        pull.url
      }`,
    );
  } else {
    const { number, nodeId } = pull;
    const { edits, draft } = plan;
    if (edits) {
      await checkpoint({
        key: keyFor('edit-pull'),
        fn: () => api.editPullRequest(number, edits),
      });
      const fields = Object.keys(edits).join(', ');
      progress.record(`updated the ${fields} of pull request #${number}`);
      logger.info(`Updated the ${fields} of pull request #${number}`);
    }
    if (draft !== undefined) {
      await checkpoint({
        key: keyFor('draft'),
        fn: () => api.setDraft(number, nodeId, draft),
      });
      const state = draft ? 'a draft' : 'ready for review';
      progress.record(`made pull request #${number} ${state}`);
      logger.info(`Made pull request #${number} ${state}`);
    }
  }

  const number = pull.number;
  if (plan.labels.length > 0) {
    await checkpoint({
      key: keyFor('labels'),
      fn: () => api.addLabels(number, plan.labels),
    });
    progress.record(`added labels ${plan.labels.join(', ')}`);
    logger.info(
      `Added labels ${plan.labels.join(', ')} to pull request #${number}`,
    );
  }
  if (plan.reviewers.length > 0 || plan.teamReviewers.length > 0) {
    await checkpoint({
      key: keyFor('reviewers'),
      fn: () =>
        api.requestReviewers(number, plan.reviewers, plan.teamReviewers),
    });
    const who = [
      ...plan.reviewers,
      ...plan.teamReviewers.map(slug => `team ${slug}`),
    ].join(', ');
    progress.record(`requested reviews from ${who}`);
    logger.info(`Requested reviews from ${who} on pull request #${number}`);
  }
  return { number: pull.number, url: pull.url };
}
