import { decodeNodeId } from '../../store/ids';
import type { RepositoryRecord } from '../../store/types';
import { canSee, GraphqlContext } from '../context';
import { notFound } from '../errors';
import type { FieldSource } from '../objects';
import { accountObject, teamObject } from './accounts';
import { deploymentObject } from './deployments';
import { gitObject } from './gitObjects';
import { issueObject, labelObject } from './issues';
import { pullRequestObject } from './pullRequests';
import { findRef } from './refs';
import { releaseObject } from './releases';
import { repositoryObject } from './repository';

type Lookup = (
  context: GraphqlContext,
  id: string,
) => FieldSource | null | Promise<FieldSource | null>;

function visibleRepositories(context: GraphqlContext): RepositoryRecord[] {
  return context.store.repositories
    .list()
    .filter(repo => canSee(context, repo));
}

function inRepositories<T>(
  context: GraphqlContext,
  find: (repo: RepositoryRecord) => T | undefined,
  render: (repo: RepositoryRecord, found: T) => FieldSource,
): FieldSource | null {
  for (const repo of visibleRepositories(context)) {
    const found = find(repo);
    if (found !== undefined) {
      return render(repo, found);
    }
  }
  return null;
}

const refOf = (context: GraphqlContext, repo: RepositoryRecord) =>
  context.store.repositories.refOf(repo);

function account(context: GraphqlContext, id: string) {
  const found = context.store.accounts.getById(Number(id));
  return found ? accountObject(context, found) : null;
}

async function gitObjectAnywhere(context: GraphqlContext, oid: string) {
  for (const repo of visibleRepositories(context)) {
    const object = await gitObject(context, repo, oid);
    if (object) {
      return object;
    }
  }
  return null;
}

const LOOKUPS: Record<string, Lookup> = {
  User: account,
  Organization: account,
  Bot: account,
  Team: (context, id) => {
    const team = context.store.accounts.getTeamById(Number(id));
    return team ? teamObject(context, team) : null;
  },
  Repository: (context, id) => {
    const repo = context.store.repositories.getById(Number(id));
    return repo && canSee(context, repo)
      ? repositoryObject(context, repo)
      : null;
  },
  Issue: (context, id) =>
    inRepositories(
      context,
      repo =>
        context.store.issues
          .list(refOf(context, repo), { state: 'all' })
          .find(issue => issue.id === Number(id) && !issue.isPullRequest),
      (repo, issue) => issueObject(context, repo, issue),
    ),
  PullRequest: (context, id) =>
    inRepositories(
      context,
      repo =>
        context.store.pulls
          .list(refOf(context, repo), { state: 'all' })
          .find(view => view.pull.id === Number(id)),
      (repo, view) => pullRequestObject(context, repo, view),
    ),
  Label: (context, id) =>
    inRepositories(
      context,
      repo =>
        context.store.issues
          .listLabels(refOf(context, repo))
          .find(label => label.id === Number(id)),
      (repo, label) => labelObject(context, repo, label),
    ),
  Deployment: (context, id) =>
    inRepositories(
      context,
      repo => context.store.deployments.get(refOf(context, repo), Number(id)),
      (repo, deployment) => deploymentObject(context, repo, deployment),
    ),
  Release: (context, id) =>
    inRepositories(
      context,
      repo =>
        context.store.releases
          .list(refOf(context, repo))
          .find(release => release.id === Number(id)),
      (repo, release) => releaseObject(context, repo, release),
    ),
  Commit: gitObjectAnywhere,
  Tree: gitObjectAnywhere,
  Blob: gitObjectAnywhere,
  Ref: async (context, id) => {
    const match = /^([^/]+)\/([^:]+):(refs\/.+)$/.exec(id);
    const repo = match
      ? context.store.repositories.get({ owner: match[1], repo: match[2] })
      : undefined;
    return match && repo && canSee(context, repo)
      ? findRef(context, repo, match[3])
      : null;
  },
};

/** `node(id:)` for the types the sandbox resolves, by the store's legacy node ids. */
export async function resolveNode(
  context: GraphqlContext,
  id: string,
): Promise<FieldSource> {
  const decoded = decodeNodeId(id);
  const lookup = decoded ? LOOKUPS[decoded.type] : undefined;
  const found = decoded && lookup ? await lookup(context, decoded.id) : null;
  if (!found) {
    throw notFound(`Could not resolve to a node with the global id of '${id}'`);
  }
  return found;
}
