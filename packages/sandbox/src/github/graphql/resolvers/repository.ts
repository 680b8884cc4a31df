import { permits } from '../../store/AccessStore';
import type { RepositoryRecord } from '../../store/types';
import { ConnectionArgs, connection } from '../connections';
import { canSee, GraphqlContext } from '../context';
import { couldNotResolve } from '../errors';
import { nodeId } from '../nodeIds';
import type { FieldSource } from '../objects';
import { accountObject, REPO_PERMISSION } from './accounts';
import { deploymentsConnection, DeploymentsArgs } from './deployments';
import { gitObject, resolveExpression } from './gitObjects';
import {
  issueObject,
  issuesConnection,
  IssuesArgs,
  labelObject,
  labelsConnection,
} from './issues';
import {
  languageObject,
  languageSizes,
  languagesConnection,
} from './languages';
import {
  findPullRequestView,
  pullRequestObject,
  pullRequestsConnection,
  PullRequestsArgs,
} from './pullRequests';
import { findRef, refObject, refsConnection, RefsArgs } from './refs';
import {
  latestReleaseObject,
  releaseObject,
  releasesConnection,
  ReleasesArgs,
  visibleReleases,
} from './releases';

const VISIBILITY = {
  public: 'PUBLIC',
  private: 'PRIVATE',
  internal: 'INTERNAL',
} as const;

function topicsConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: ConnectionArgs,
): FieldSource {
  return connection('repositoryTopics', args, repo.topics, {
    node: topic => {
      const path = `/topics/${topic}`;
      return {
        __typename: 'RepositoryTopic',
        id: nodeId('RepositoryTopic', `${repo.id}:${topic}`),
        url: context.urls.html(path),
        resourcePath: path,
        topic: {
          __typename: 'Topic',
          id: nodeId('Topic', topic),
          name: topic,
          repositories: (repositoryArgs: RepositoryFilterArgs) =>
            repositoryConnection(
              context,
              'repositories',
              repositoryArgs,
              context.store.repositories
                .list()
                .filter(
                  candidate =>
                    candidate.topics.includes(topic) &&
                    canSee(context, candidate),
                ),
            ),
        },
      };
    },
  });
}

export function repositoryObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const git = context.store.git.repository(ref);
  const owner = context.store.repositories.ownerOf(repo);
  const path = `/${ref.owner}/${ref.repo}`;
  const permission = () =>
    context.store.access.permissionOf(repo, context.viewer);
  return {
    __typename: 'Repository',
    id: nodeId('Repository', repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${ref.owner}/${ref.repo}`,
    url: context.urls.html(path),
    resourcePath: path,
    sshUrl: `git@${context.urls.host.replace(/:\d+$/, '')}:${ref.owner}/${
      ref.repo
    }.git`,
    description: repo.description,
    homepageUrl: repo.homepage || null,
    createdAt: repo.createdAt,
    updatedAt: repo.updatedAt,
    pushedAt: repo.pushedAt,
    isPrivate: repo.visibility !== 'public',
    visibility: VISIBILITY[repo.visibility],
    isArchived: repo.archived,
    isTemplate: repo.isTemplate,
    // The sandbox has no forks, mirrors, locks or disabled repositories.
    isFork: false,
    isMirror: false,
    isLocked: false,
    isDisabled: false,
    isEmpty: () => git.isEmpty(),
    isInOrganization: owner.type === 'Organization',
    hasIssuesEnabled: repo.hasIssues,
    hasWikiEnabled: repo.hasWiki,
    hasProjectsEnabled: repo.hasProjects,
    hasDiscussionsEnabled: repo.hasDiscussions,
    mergeCommitAllowed: repo.allowMergeCommit,
    squashMergeAllowed: repo.allowSquashMerge,
    rebaseMergeAllowed: repo.allowRebaseMerge,
    autoMergeAllowed: repo.allowAutoMerge,
    allowUpdateBranch: repo.allowUpdateBranch,
    deleteBranchOnMerge: repo.deleteBranchOnMerge,
    viewerPermission: () => {
      const granted = permission();
      return granted ? REPO_PERMISSION[granted] : null;
    },
    viewerCanAdminister: () => permits(permission(), 'admin'),
    owner: () => accountObject(context, owner),
    defaultBranchRef: async () => {
      const qualified = `refs/heads/${repo.defaultBranch}`;
      const sha = await git.readRef(qualified);
      return sha ? refObject(context, repo, qualified, sha) : null;
    },
    object: (args: { expression?: string | null; oid?: string | null }) => {
      if (args.oid) return gitObject(context, repo, args.oid);
      return args.expression
        ? resolveExpression(context, repo, args.expression)
        : null;
    },
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      findRef(context, repo, qualifiedName),
    refs: (args: RefsArgs) => refsConnection(context, repo, args),
    pullRequests: (args: PullRequestsArgs) =>
      pullRequestsConnection(context, 'pullRequests', repo, args),
    pullRequest: ({ number }: { number: number }) => {
      const view = findPullRequestView(context, repo, number);
      if (!view) {
        throw couldNotResolve('a PullRequest', `the number of ${number}`);
      }
      return pullRequestObject(context, repo, view);
    },
    issues: (args: IssuesArgs) => issuesConnection(context, repo, args),
    issue: ({ number }: { number: number }) => {
      const issue = context.store.issues.get(ref, number);
      if (!issue || issue.isPullRequest) {
        throw couldNotResolve('an Issue', `the number of ${number}`);
      }
      return issueObject(context, repo, issue);
    },
    issueOrPullRequest: ({ number }: { number: number }) => {
      const issue = context.store.issues.get(ref, number);
      const view = issue?.isPullRequest
        ? findPullRequestView(context, repo, number)
        : undefined;
      if (view) return pullRequestObject(context, repo, view);
      if (issue) return issueObject(context, repo, issue);
      throw couldNotResolve(
        'an issue or pull request',
        `the number of ${number}`,
      );
    },
    labels: (args: ConnectionArgs) =>
      labelsConnection(
        context,
        repo,
        args,
        context.store.issues.listLabels(ref),
      ),
    label: ({ name }: { name: string }) => {
      const label = context.store.issues.getLabel(ref, name);
      return label ? labelObject(context, repo, label) : null;
    },
    deployments: (args: DeploymentsArgs) =>
      deploymentsConnection(context, repo, args),
    releases: (args: ReleasesArgs) => releasesConnection(context, repo, args),
    latestRelease: () => latestReleaseObject(context, repo),
    release: ({ tagName }: { tagName: string }) => {
      const release = visibleReleases(context, repo).find(
        candidate => candidate.tagName === tagName,
      );
      return release ? releaseObject(context, repo, release) : null;
    },
    repositoryTopics: (args: ConnectionArgs) =>
      topicsConnection(context, repo, args),
    languages: (args: ConnectionArgs) =>
      languagesConnection(context, repo, args),
    primaryLanguage: async () => {
      const [top] = await languageSizes(context, repo);
      return top ? languageObject(top.language) : null;
    },
  };
}

/** Repositories the viewer can see, or GitHub's NOT_FOUND error. */
export function requireRepository(
  context: GraphqlContext,
  owner: string,
  name: string,
): FieldSource {
  const repo = context.store.repositories.get({ owner, repo: name });
  if (!repo || !canSee(context, repo)) {
    throw couldNotResolve('a Repository', `the name '${owner}/${name}'`);
  }
  return repositoryObject(context, repo);
}

export interface RepositoryFilterArgs extends ConnectionArgs {
  isArchived?: boolean | null;
  isFork?: boolean | null;
  privacy?: 'PUBLIC' | 'PRIVATE' | null;
  visibility?: 'PUBLIC' | 'PRIVATE' | 'INTERNAL' | null;
  hasIssuesEnabled?: boolean | null;
  orderBy?: {
    field: 'CREATED_AT' | 'UPDATED_AT' | 'PUSHED_AT' | 'NAME' | 'STARGAZERS';
    direction: 'ASC' | 'DESC';
  } | null;
}

function sortKey(
  repo: RepositoryRecord,
  field: NonNullable<RepositoryFilterArgs['orderBy']>['field'],
): string | number {
  switch (field) {
    case 'NAME':
      return repo.name.toLowerCase();
    case 'UPDATED_AT':
      return repo.updatedAt;
    case 'PUSHED_AT':
      return repo.pushedAt ?? '';
    case 'STARGAZERS':
      return 0;
    default:
      return repo.createdAt;
  }
}

export function repositoryConnection(
  context: GraphqlContext,
  name: string,
  args: RepositoryFilterArgs,
  repositories: RepositoryRecord[],
): FieldSource {
  const field = args.orderBy?.field ?? 'CREATED_AT';
  const factor = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const filtered = repositories
    .filter(
      repo =>
        (args.isArchived === null ||
          args.isArchived === undefined ||
          repo.archived === args.isArchived) &&
        args.isFork !== true &&
        (!args.privacy ||
          (args.privacy === 'PUBLIC') === (repo.visibility === 'public')) &&
        (!args.visibility || VISIBILITY[repo.visibility] === args.visibility) &&
        (args.hasIssuesEnabled === null ||
          args.hasIssuesEnabled === undefined ||
          repo.hasIssues === args.hasIssuesEnabled),
    )
    .sort((a, b) => {
      const left = sortKey(a, field);
      const right = sortKey(b, field);
      if (left === right) return (a.id - b.id) * factor;
      return (left < right ? -1 : 1) * factor;
    });
  return connection(name, args, filtered, {
    node: repo => repositoryObject(context, repo),
  });
}
