import type { RepositoryRecord } from '../../store/types';
import { ConnectionArgs, connection, lazyArraySource } from '../connections';
import type { GraphqlContext } from '../context';
import { invalidArgument } from '../errors';
import { nodeId } from '../nodeIds';
import type { FieldSource } from '../objects';
import { gitObject } from './gitObjects';
import { pullRequestsConnection, PullRequestsArgs } from './pullRequests';
import { repositoryObject } from './repository';

/** Byte order, as git sorts ref names. */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const WELL_KNOWN_PREFIXES = ['refs/heads/', 'refs/tags/'];

function splitRef(qualifiedName: string): { prefix: string; name: string } {
  const prefix =
    WELL_KNOWN_PREFIXES.find(candidate =>
      qualifiedName.startsWith(candidate),
    ) ?? qualifiedName.slice(0, qualifiedName.lastIndexOf('/') + 1);
  return { prefix, name: qualifiedName.slice(prefix.length) };
}

export function refObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  qualifiedName: string,
  sha: string,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const { prefix, name } = splitRef(qualifiedName);
  return {
    __typename: 'Ref',
    id: nodeId('Ref', `${ref.owner}/${ref.repo}:${qualifiedName}`),
    name,
    prefix,
    target: () => gitObject(context, repo, sha),
    repository: () => repositoryObject(context, repo),
    associatedPullRequests: (args: PullRequestsArgs) =>
      pullRequestsConnection(
        context,
        'associatedPullRequests',
        repo,
        args,
        view => prefix === 'refs/heads/' && view.pull.headRef === name,
      ),
  };
}

/**
 * `Repository.ref(qualifiedName:)`: a fully qualified name, or a short name
 * tried as a branch and then as a tag, as GitHub documents.
 */
export async function findRef(
  context: GraphqlContext,
  repo: RepositoryRecord,
  qualifiedName: string,
): Promise<FieldSource | null> {
  const git = context.store.git.repository(
    context.store.repositories.refOf(repo),
  );
  const candidates = qualifiedName.startsWith('refs/')
    ? [qualifiedName]
    : WELL_KNOWN_PREFIXES.map(prefix => `${prefix}${qualifiedName}`);
  for (const candidate of candidates) {
    const sha = await git.readRef(candidate);
    if (sha) {
      return refObject(context, repo, candidate, sha);
    }
  }
  return null;
}

export interface RefsArgs extends ConnectionArgs {
  refPrefix: string;
  query?: string | null;
  direction?: 'ASC' | 'DESC' | null;
  orderBy?: {
    field: 'ALPHABETICAL' | 'TAG_COMMIT_DATE';
    direction: 'ASC' | 'DESC';
  } | null;
}

export function refsConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: RefsArgs,
): FieldSource {
  if (!args.refPrefix.endsWith('/')) {
    throw invalidArgument(
      `refPrefix must end with a slash, e.g. "refs/heads/"; got "${args.refPrefix}".`,
    );
  }
  const git = context.store.git.repository(
    context.store.repositories.refOf(repo),
  );
  const direction = args.orderBy?.direction ?? args.direction ?? 'ASC';
  const factor = direction === 'DESC' ? -1 : 1;
  const source = lazyArraySource(async () => {
    const refs = (await git.listRefs(args.refPrefix)).filter(
      entry =>
        !args.query ||
        entry.ref.slice(args.refPrefix.length).includes(args.query),
    );
    if (args.orderBy?.field === 'TAG_COMMIT_DATE') {
      const dated = await Promise.all(
        refs.map(async entry => {
          const commitSha = await git.peelToCommit(entry.sha);
          const commit = commitSha
            ? await git.readCommit(commitSha)
            : undefined;
          return { entry, date: commit?.committer.date ?? '' };
        }),
      );
      return dated
        .sort(
          (a, b) =>
            (compareBytes(a.date, b.date) ||
              compareBytes(a.entry.ref, b.entry.ref)) * factor,
        )
        .map(item => item.entry);
    }
    return refs.sort((a, b) => compareBytes(a.ref, b.ref) * factor);
  });
  return connection('refs', args, source, {
    node: entry => refObject(context, repo, entry.ref, entry.sha),
  });
}
