import { permits } from '../../store/AccessStore';
import { isStoreError } from '../../store/errors';
import type { ReleaseRecord, RepositoryRecord } from '../../store/types';
import { ConnectionArgs, connection } from '../connections';
import type { GraphqlContext } from '../context';
import { nodeId } from '../nodeIds';
import type { FieldSource } from '../objects';
import { userObject } from './accounts';
import { commitObject } from './gitObjects';
import { findRef } from './refs';
import { repositoryObject } from './repository';

export interface ReleasesArgs extends ConnectionArgs {
  orderBy?: { field: 'CREATED_AT' | 'NAME'; direction: 'ASC' | 'DESC' } | null;
}

function latestReleaseId(
  context: GraphqlContext,
  repo: RepositoryRecord,
): number | undefined {
  try {
    return context.store.releases.latest(context.store.repositories.refOf(repo))
      .id;
  } catch (error) {
    if (isStoreError(error) && error.kind === 'not_found') {
      return undefined;
    }
    throw error;
  }
}

export function releaseObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  release: ReleaseRecord,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const path = `/${ref.owner}/${ref.repo}/releases/tag/${encodeURIComponent(
    release.tagName,
  )}`;
  const git = context.store.git.repository(ref);
  return {
    __typename: 'Release',
    id: nodeId('Release', release.id),
    databaseId: release.id,
    name: release.name,
    tagName: release.tagName,
    description: release.body,
    isDraft: release.draft,
    isPrerelease: release.prerelease,
    isLatest: () => latestReleaseId(context, repo) === release.id,
    createdAt: release.createdAt,
    publishedAt: release.publishedAt,
    updatedAt: release.publishedAt ?? release.createdAt,
    url: context.urls.html(path),
    resourcePath: path,
    author: () => {
      const author = context.store.accounts.getById(release.authorId);
      return author ? userObject(context, author) : null;
    },
    tag: () => findRef(context, repo, `refs/tags/${release.tagName}`),
    tagCommit: async () => {
      const sha = await git.readRef(`refs/tags/${release.tagName}`);
      const commit = sha ? await git.peelToCommit(sha) : undefined;
      return commit ? commitObject(context, repo, commit) : null;
    },
    repository: () => repositoryObject(context, repo),
  };
}

/** Drafts are only listed for collaborators who can push, as in REST. */
export function visibleReleases(
  context: GraphqlContext,
  repo: RepositoryRecord,
): ReleaseRecord[] {
  const canWrite = permits(
    context.store.access.permissionOf(repo, context.viewer),
    'write',
  );
  return context.store.releases
    .list(context.store.repositories.refOf(repo))
    .filter(release => canWrite || !release.draft);
}

export function releasesConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: ReleasesArgs,
): FieldSource {
  const factor = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const releases = visibleReleases(context, repo).sort((a, b) => {
    if (args.orderBy?.field === 'NAME') {
      return (a.name ?? a.tagName).localeCompare(b.name ?? b.tagName) * factor;
    }
    return a.createdAt === b.createdAt
      ? (a.id - b.id) * factor
      : (a.createdAt < b.createdAt ? -1 : 1) * factor;
  });
  return connection('releases', args, releases, {
    node: release => releaseObject(context, repo, release),
  });
}

export function latestReleaseObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
): FieldSource | null {
  const id = latestReleaseId(context, repo);
  const release = visibleReleases(context, repo).find(
    candidate => candidate.id === id,
  );
  return release ? releaseObject(context, repo, release) : null;
}
