import { displayMessage } from '../../rest/mappers/git';
import type { GitRepository } from '../../store/git/GitRepository';
import type { GitCommit, GitSignature } from '../../store/git/objects';
import type { RepositoryRecord } from '../../store/types';
import {
  ConnectionArgs,
  connection,
  ConnectionSource,
  CursorCodec,
} from '../connections';
import type { GraphqlContext } from '../context';
import { GitHubGraphqlError } from '../errors';
import { nodeId } from '../nodeIds';
import { gitTimestamp } from '../gitTimestamp';
import { FieldSource, once } from '../objects';
import { userObject } from './accounts';
import { deploymentsConnection, DeploymentsArgs } from './deployments';
import { pullRequestsConnection, PullRequestsArgs } from './pullRequests';
import { repositoryObject } from './repository';

const FULL_SHA = /^[0-9a-f]{40}$/;

function gitOf(context: GraphqlContext, repo: RepositoryRecord): GitRepository {
  return context.store.git.repository(context.store.repositories.refOf(repo));
}

export function gitActorObject(
  context: GraphqlContext,
  signature: GitSignature,
): FieldSource {
  const user = once(() => context.store.accounts.findByEmail(signature.email));
  return {
    name: signature.name,
    email: signature.email,
    date: gitTimestamp(signature),
    user: () => {
      const account = user();
      return account && account.type !== 'Organization'
        ? userObject(context, account)
        : null;
    },
    avatarUrl: () => {
      const account = user();
      return account
        ? context.urls.avatar(account.id)
        : context.urls.html(
            `/avatars/u/e?email=${encodeURIComponent(signature.email)}`,
          );
    },
  };
}

function objectFields(
  context: GraphqlContext,
  repo: RepositoryRecord,
  type: 'Commit' | 'Tree' | 'Blob' | 'Tag',
  oid: string,
) {
  return {
    __typename: type,
    id: nodeId(type, oid),
    oid,
    abbreviatedOid: oid.slice(0, 7),
    repository: () => repositoryObject(context, repo),
  };
}

/** History cursors look like GitHub's: the starting commit and a position. */
function historyCursors(start: string): CursorCodec {
  return {
    encode: index => `${start} ${index}`,
    decode: cursor => {
      const match = /^([0-9a-f]{40}) (\d+)$/.exec(cursor);
      return match ? Number(match[2]) : undefined;
    },
  };
}

export interface HistoryArgs extends ConnectionArgs {
  path?: string | null;
  author?: { id?: string | null; emails?: string[] | null } | null;
  since?: string | null;
  until?: string | null;
}

function historyAuthors(
  context: GraphqlContext,
  author: HistoryArgs['author'],
): string[] | undefined {
  if (!author) {
    return undefined;
  }
  const emails = [...(author.emails ?? [])];
  if (author.id) {
    const account = context.store.accounts
      .list()
      .find(candidate => nodeId(candidate.type, candidate.id) === author.id);
    if (!account) {
      throw new GitHubGraphqlError(
        'NOT_FOUND',
        `Could not resolve to a node with the global id of '${author.id}'`,
      );
    }
    emails.push(
      account.email ?? `${account.id}+${account.login}@users.noreply`,
    );
  }
  return emails;
}

function historyConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  start: string,
  args: HistoryArgs,
): FieldSource {
  const git = gitOf(context, repo);
  const filter = {
    include: [start],
    path: args.path ?? undefined,
    since: args.since ?? undefined,
    until: args.until ?? undefined,
    authors: historyAuthors(context, args.author),
  };
  const source: ConnectionSource<string> = {
    count: () => git.countCommits(filter),
    slice: (from, to) =>
      to <= from
        ? Promise.resolve([])
        : git.revList({ ...filter, skip: from, limit: to - from }),
  };
  return connection('history', args, source, {
    node: sha => commitObject(context, repo, sha),
    cursors: historyCursors(start),
  });
}

export function commitObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  sha: string,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const git = gitOf(context, repo);
  const commit = once(async (): Promise<GitCommit> => {
    const found = await git.readCommit(sha);
    if (!found) {
      throw new Error(`Commit ${sha} is missing from ${ref.owner}/${ref.repo}`);
    }
    return found;
  });
  const stats = once(async () => {
    const { parents } = await commit();
    return context.commitStats.load(git, sha, parents[0]);
  });
  const message = async () => displayMessage((await commit()).message);
  const commitPath = `/${ref.owner}/${ref.repo}/commit/${sha}`;
  return {
    ...objectFields(context, repo, 'Commit', sha),
    url: context.urls.html(commitPath),
    resourcePath: commitPath,
    commitUrl: context.urls.html(commitPath),
    commitResourcePath: commitPath,
    treeUrl: context.urls.repoHtml(ref, `/tree/${sha}`),
    tarballUrl: context.urls.repo(ref, `/tarball/${sha}`),
    zipballUrl: context.urls.repo(ref, `/zipball/${sha}`),
    message,
    messageHeadline: async () => (await message()).split('\n')[0],
    messageBody: async () =>
      (await message()).split('\n').slice(1).join('\n').replace(/^\n+/, ''),
    committedDate: async () => (await commit()).committer.date,
    authoredDate: async () => (await commit()).author.date,
    author: async () => gitActorObject(context, (await commit()).author),
    committer: async () => gitActorObject(context, (await commit()).committer),
    authoredByCommitter: async () => {
      const { author, committer } = await commit();
      return author.name === committer.name && author.email === committer.email;
    },
    additions: async () => (await stats()).additions,
    deletions: async () => (await stats()).deletions,
    changedFilesIfAvailable: async () => (await stats()).changedFiles,
    changedFiles: async () => (await stats()).changedFiles,
    parents: async (args: ConnectionArgs) =>
      connection('parents', args, (await commit()).parents, {
        node: parent => commitObject(context, repo, parent),
      }),
    tree: async () => treeObject(context, repo, (await commit()).tree, ''),
    file: async ({ path }: { path: string }) => {
      const entry = await git.resolvePath((await commit()).tree, path);
      const clean = normalizePath(path);
      return entry && clean
        ? treeEntryObject(context, repo, entry, parentPath(clean))
        : null;
    },
    history: (args: HistoryArgs) => historyConnection(context, repo, sha, args),
    status: () => statusObject(context, repo, sha),
    associatedPullRequests: (args: PullRequestsArgs) =>
      pullRequestsConnection(
        context,
        'associatedPullRequests',
        repo,
        args,
        view => view.pull.mergeCommitSha === sha || view.pull.headSha === sha,
      ),
    deployments: (args: DeploymentsArgs) =>
      deploymentsConnection(context, repo, args, { sha }),
  };
}

const STATUS_STATE = {
  error: 'ERROR',
  failure: 'FAILURE',
  pending: 'PENDING',
  success: 'SUCCESS',
} as const;

function statusObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  sha: string,
): FieldSource | null {
  const ref = context.store.repositories.refOf(repo);
  const combined = context.store.statuses.combined(ref, sha);
  if (combined.statuses.length === 0) {
    return null;
  }
  return {
    id: nodeId('Status', `${repo.id}:${sha}`),
    state: STATUS_STATE[combined.state],
    commit: () => commitObject(context, repo, sha),
    contexts: combined.statuses.map(status => ({
      id: nodeId('Status', status.id),
      context: status.context,
      state: STATUS_STATE[status.state],
      description: status.description,
      targetUrl: status.targetUrl,
      createdAt: status.createdAt,
      creator: () => {
        const account = context.store.accounts.getById(status.creatorId);
        return account ? userObject(context, account) : null;
      },
    })),
  };
}

function normalizePath(path: string): string {
  return path.split('/').filter(Boolean).join('/');
}

function parentPath(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export function blobObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  sha: string,
): FieldSource {
  const git = gitOf(context, repo);
  const content = once(
    async () => (await git.readBlob(sha)) ?? Buffer.alloc(0),
  );
  return {
    ...objectFields(context, repo, 'Blob', sha),
    byteSize: async () => (await content()).length,
    isBinary: async () => looksBinary(await content()),
    isTruncated: false,
    text: async () => {
      const bytes = await content();
      return looksBinary(bytes) ? null : bytes.toString('utf8');
    },
  };
}

export function treeObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  sha: string,
  path: string,
): FieldSource {
  const git = gitOf(context, repo);
  return {
    ...objectFields(context, repo, 'Tree', sha),
    entries: async () =>
      ((await git.readTree(sha)) ?? []).map(entry =>
        treeEntryObject(context, repo, entry, path),
      ),
  };
}

function treeEntryObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  entry: { name: string; mode: string; type: string; sha: string },
  directory: string,
): FieldSource {
  const git = gitOf(context, repo);
  const path = directory ? `${directory}/${entry.name}` : entry.name;
  const blob = once(async () =>
    entry.type === 'blob' ? (await git.readBlob(entry.sha)) ?? null : null,
  );
  const dot = entry.name.lastIndexOf('.');
  return {
    name: entry.name,
    path,
    type: entry.type,
    mode: parseInt(entry.mode, 8),
    oid: entry.sha,
    extension: entry.type === 'blob' && dot > 0 ? entry.name.slice(dot) : null,
    isGenerated: false,
    size: async () => (await blob())?.length ?? 0,
    lineCount: async () => {
      const content = await blob();
      if (!content || looksBinary(content)) return null;
      const text = content.toString('utf8');
      return text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
    },
    object: () => {
      if (entry.type === 'blob') return blobObject(context, repo, entry.sha);
      if (entry.type === 'tree')
        return treeObject(context, repo, entry.sha, path);
      // Submodule entries point at commits in another repository.
      return null;
    },
    repository: () => repositoryObject(context, repo),
  };
}

function parseTag(content: string) {
  const headerEnd = content.indexOf('\n\n');
  const header = headerEnd === -1 ? content : content.slice(0, headerEnd);
  const field = (name: string) =>
    new RegExp(`^${name} (.*)$`, 'm').exec(header)?.[1];
  const tagger = /^(.*) <(.*)> (-?\d+) ([+-]\d{4})$/.exec(
    field('tagger') ?? '',
  );
  return {
    object: field('object') ?? '',
    name: field('tag') ?? '',
    message: headerEnd === -1 ? '' : content.slice(headerEnd + 2),
    tagger: tagger
      ? {
          name: tagger[1],
          email: tagger[2],
          date: new Date(Number(tagger[3]) * 1000)
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
          timezone: tagger[4],
        }
      : undefined,
  };
}

function tagObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  sha: string,
  content: Buffer,
): FieldSource {
  const tag = parseTag(content.toString('utf8'));
  return {
    ...objectFields(context, repo, 'Tag', sha),
    name: tag.name,
    message: displayMessage(tag.message),
    tagger: tag.tagger ? gitActorObject(context, tag.tagger) : null,
    target: () => gitObject(context, repo, tag.object),
  };
}

/** Any object by id; `null` when the repository does not have it, as GitHub answers. */
export async function gitObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  oid: string,
): Promise<FieldSource | null> {
  if (!FULL_SHA.test(oid)) {
    return null;
  }
  const object = await gitOf(context, repo).readObject(oid);
  switch (object?.type) {
    case 'commit':
      return commitObject(context, repo, oid);
    case 'tree':
      return treeObject(context, repo, oid, '');
    case 'blob':
      return blobObject(context, repo, oid);
    case 'tag':
      return tagObject(context, repo, oid, object.content);
    default:
      return null;
  }
}

/**
 * `Repository.object(expression:)`: `HEAD`, a branch, tag or sha, optionally
 * followed by `:path` (`HEAD:README.md`, `main:docs/`).
 */
export async function resolveExpression(
  context: GraphqlContext,
  repo: RepositoryRecord,
  expression: string,
): Promise<FieldSource | null> {
  const git = gitOf(context, repo);
  const colon = expression.indexOf(':');
  const revision = colon === -1 ? expression : expression.slice(0, colon);
  if (colon === -1 && FULL_SHA.test(revision)) {
    return gitObject(context, repo, revision);
  }
  const sha =
    revision === 'HEAD' || revision === ''
      ? await git.readRef(`refs/heads/${repo.defaultBranch}`)
      : await git.resolveCommitish(revision);
  if (!sha) {
    return null;
  }
  if (colon === -1) {
    return commitObject(context, repo, sha);
  }
  const path = normalizePath(expression.slice(colon + 1));
  const commit = await git.readCommit(sha);
  const entry = commit ? await git.resolvePath(commit.tree, path) : undefined;
  if (entry?.type === 'tree') {
    return treeObject(context, repo, entry.sha, path);
  }
  return entry?.type === 'blob' ? blobObject(context, repo, entry.sha) : null;
}
