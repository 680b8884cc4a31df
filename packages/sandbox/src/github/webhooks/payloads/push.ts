import { gitTimestamp } from '../../graphql/gitTimestamp';
import { displayMessage } from '../../rest/mappers/git';
import type { MapperContext } from '../../rest/mappers/MapperContext';
import type { GitHubEvent } from '../../store/events';
import { diffCommits } from '../../store/git/diff';
import type { GitRepository } from '../../store/git/GitRepository';
import type { GitSignature } from '../../store/git/objects';
import type { RepositoryRecord } from '../../store/types';
import {
  webhookOrganization,
  webhookRepository,
  webhookSender,
} from './common';

type PushEvent = Extract<GitHubEvent, { type: 'push' }>;

/** Payloads list at most this many commits; seeding can push thousands at once. */
const MAX_PAYLOAD_COMMITS = 20;

function identity(context: MapperContext, signature: GitSignature) {
  const account = context.store.accounts.findByEmail(signature.email);
  return {
    name: signature.name,
    email: signature.email,
    date: gitTimestamp(signature),
    ...(account ? { username: account.login } : {}),
  };
}

async function pushCommit(
  context: MapperContext,
  repo: RepositoryRecord,
  git: GitRepository,
  sha: string,
) {
  const commit = await git.readCommit(sha);
  if (!commit) {
    return undefined;
  }
  const files = await diffCommits(
    git,
    commit.parents[0] ?? git.emptyTreeSha(),
    sha,
  );
  const pick = (...statuses: string[]) =>
    files
      .filter(file => statuses.includes(file.status))
      .map(file => file.filename);
  const renamedFrom = files
    .filter(file => file.status === 'renamed' && file.previousFilename)
    .map(file => file.previousFilename!);
  const ref = context.store.repositories.refOf(repo);
  return {
    id: sha,
    tree_id: commit.tree,
    distinct: true,
    message: displayMessage(commit.message),
    timestamp: gitTimestamp(commit.committer),
    url: context.urls.repoHtml(ref, `/commit/${sha}`),
    author: identity(context, commit.author),
    committer: identity(context, commit.committer),
    added: pick('added', 'copied', 'renamed'),
    removed: [...pick('removed'), ...renamedFrom],
    modified: pick('modified', 'changed'),
  };
}

/** Commits new to the repository: for a new branch, those no other branch has. */
async function pushedCommits(
  git: GitRepository,
  event: PushEvent,
): Promise<string[]> {
  if (event.deleted || event.ref.startsWith('refs/tags/')) {
    return [];
  }
  const exclude = event.created
    ? (await git.listRefs('refs/heads/'))
        .filter(entry => entry.ref !== event.ref)
        .map(entry => entry.sha)
    : [event.before];
  return git.revList({
    include: [event.after],
    exclude,
    limit: MAX_PAYLOAD_COMMITS,
    reverse: false,
  });
}

function unixSeconds(timestamp: string | null): number | null {
  return timestamp === null ? null : Math.floor(Date.parse(timestamp) / 1000);
}

export async function renderPush(
  context: MapperContext,
  repo: RepositoryRecord,
  event: PushEvent,
): Promise<Record<string, unknown>> {
  const ref = context.store.repositories.refOf(repo);
  const git = context.store.git.repository(ref);
  const shas = (await pushedCommits(git, event)).reverse();
  const commits = (
    await Promise.all(shas.map(sha => pushCommit(context, repo, git, sha)))
  ).filter(commit => commit !== undefined);
  const headSha = event.deleted
    ? undefined
    : await git.peelToCommit(event.after);
  const repository = await webhookRepository(context, repo);
  const owner = context.store.repositories.ownerOf(repo);
  const pusher = context.store.accounts.getById(event.pusherId ?? -1);
  return {
    ref: event.ref,
    before: event.before,
    after: event.after,
    created: event.created,
    deleted: event.deleted,
    forced: event.forced,
    base_ref: null,
    compare: context.urls.repoHtml(
      ref,
      `/compare/${event.before.slice(0, 12)}...${event.after.slice(0, 12)}`,
    ),
    commits,
    head_commit: headSha
      ? commits.find(commit => commit.id === headSha) ??
        (await pushCommit(context, repo, git, headSha)) ??
        null
      : null,
    // Push payloads keep GitHub's older repository flavour: unix timestamps and `master_branch`.
    repository: {
      ...repository,
      owner: {
        ...repository.owner,
        name: owner.name ?? owner.login,
        email: owner.email,
      },
      created_at: unixSeconds(repo.createdAt),
      pushed_at: unixSeconds(repo.pushedAt),
      stargazers: 0,
      master_branch: repo.defaultBranch,
      ...(owner.type === 'Organization' ? { organization: owner.login } : {}),
    },
    pusher: pusher
      ? {
          name: pusher.login,
          email:
            pusher.email ??
            `${pusher.id}+${pusher.login}@users.noreply.github.com`,
        }
      : { name: 'GitHub', email: 'noreply@github.com' },
    ...webhookOrganization(context, repo),
    sender: webhookSender(context, event.pusherId, repo),
  };
}
