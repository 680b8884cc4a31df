import { encodeNodeId } from '../../store/ids';
import type { FileChange } from '../../store/git/diff';
import type { GitCommit } from '../../store/git/objects';
import type { CommitStatusRecord, RepoRef } from '../../store/types';
import { encodePath } from '../urls';
import { displayMessage, mapGitUser, UNSIGNED } from './git';
import type { MapperContext } from './MapperContext';
import { mapRepository } from './repositories';
import { mapSimpleUser, mapSimpleUserOrNull } from './users';

function accountByEmail(context: MapperContext, email: string) {
  const account = context.store.accounts.findByEmail(email);
  return account ? mapSimpleUser(context, account) : null;
}

/** The REST `commit` shape (`/repos/{owner}/{repo}/commits`), linking authors to accounts by email. */
export function mapCommit(
  context: MapperContext,
  ref: RepoRef,
  commit: GitCommit,
) {
  const url = context.urls.repo(ref, `/commits/${commit.sha}`);
  return {
    sha: commit.sha,
    node_id: encodeNodeId('Commit', commit.sha),
    commit: {
      author: mapGitUser(commit.author),
      committer: mapGitUser(commit.committer),
      message: displayMessage(commit.message),
      tree: {
        sha: commit.tree,
        url: context.urls.repo(ref, `/git/trees/${commit.tree}`),
      },
      url: context.urls.repo(ref, `/git/commits/${commit.sha}`),
      comment_count: 0,
      verification: UNSIGNED,
    },
    url,
    html_url: context.urls.repoHtml(ref, `/commit/${commit.sha}`),
    comments_url: `${url}/comments`,
    author: accountByEmail(context, commit.author.email),
    committer: accountByEmail(context, commit.committer.email),
    parents: commit.parents.map(parent => ({
      sha: parent,
      url: context.urls.repo(ref, `/commits/${parent}`),
      html_url: context.urls.repoHtml(ref, `/commit/${parent}`),
    })),
  };
}

export function mapDiffEntry(
  context: MapperContext,
  ref: RepoRef,
  headSha: string,
  change: FileChange,
) {
  const path = encodePath(change.filename);
  return {
    sha: change.sha,
    filename: change.filename,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: context.urls.repoHtml(ref, `/blob/${headSha}/${path}`),
    raw_url: context.urls.repoHtml(ref, `/raw/${headSha}/${path}`),
    contents_url: context.urls.repo(ref, `/contents/${path}?ref=${headSha}`),
    ...(change.patch !== undefined ? { patch: change.patch } : {}),
    ...(change.previousFilename
      ? { previous_filename: change.previousFilename }
      : {}),
  };
}

export function mapCommitWithFiles(
  context: MapperContext,
  ref: RepoRef,
  commit: GitCommit,
  files: FileChange[],
) {
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    ...mapCommit(context, ref, commit),
    stats: { total: additions + deletions, additions, deletions },
    files: files.map(file => mapDiffEntry(context, ref, commit.sha, file)),
  };
}

export function mapStatus(
  context: MapperContext,
  ref: RepoRef,
  status: CommitStatusRecord,
) {
  return {
    url: context.urls.repo(ref, `/statuses/${status.sha}`),
    avatar_url: context.urls.avatar(status.creatorId),
    id: status.id,
    node_id: encodeNodeId('Status', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: mapSimpleUserOrNull(context, status.creatorId),
  };
}

export async function mapCombinedStatus(
  context: MapperContext,
  ref: RepoRef,
  sha: string,
  combined: { state: string; statuses: CommitStatusRecord[] },
) {
  const repo = context.store.repositories.require(ref);
  return {
    state: combined.state,
    statuses: combined.statuses.map(status => mapStatus(context, ref, status)),
    sha,
    total_count: combined.statuses.length,
    repository: await mapRepository(context, repo),
    commit_url: context.urls.repo(ref, `/commits/${sha}`),
    url: context.urls.repo(ref, `/commits/${sha}/status`),
  };
}

export function mapShortBranch(
  context: MapperContext,
  ref: RepoRef,
  name: string,
  sha: string,
  isProtected: boolean,
) {
  return {
    name,
    commit: { sha, url: context.urls.repo(ref, `/commits/${sha}`) },
    protected: isProtected,
  };
}

export function mapTag(
  context: MapperContext,
  ref: RepoRef,
  name: string,
  sha: string,
) {
  return {
    name,
    commit: { sha, url: context.urls.repo(ref, `/commits/${sha}`) },
    zipball_url: context.urls.repo(ref, `/zipball/refs/tags/${name}`),
    tarball_url: context.urls.repo(ref, `/tarball/refs/tags/${name}`),
    node_id: encodeNodeId('Ref', `${ref.owner}/${ref.repo}:refs/tags/${name}`),
  };
}
