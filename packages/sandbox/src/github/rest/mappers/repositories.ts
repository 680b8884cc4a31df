import { promises as fs } from 'node:fs';
import path from 'node:path';
import { permits } from '../../store/AccessStore';
import { encodeNodeId } from '../../store/ids';
import type { RepositoryRecord } from '../../store/types';
import type { MapperContext } from './MapperContext';
import { mapSimpleUser } from './users';

/** GitHub's `size` is in KB; Backstage reads `size > 0` to tell empty repositories apart. */
async function repositorySizeKb(
  context: MapperContext,
  repo: RepositoryRecord,
): Promise<number> {
  const gitDir = context.store.git.repository(
    context.store.repositories.refOf(repo),
  ).gitDir;
  const heads = await fs
    .readdir(path.join(gitDir, 'refs', 'heads'))
    .catch(() => []);
  const packed = await fs
    .readFile(path.join(gitDir, 'packed-refs'), 'utf8')
    .catch(() => '');
  return heads.length > 0 || /refs\/heads\//.test(packed) ? 1 : 0;
}

function permissionsFor(context: MapperContext, repo: RepositoryRecord) {
  const granted = context.store.access.permissionOf(repo, context.viewer);
  return {
    admin: permits(granted, 'admin'),
    maintain: permits(granted, 'maintain'),
    push: permits(granted, 'write'),
    triage: permits(granted, 'triage'),
    pull: permits(granted, 'read'),
  };
}

/** The `repository` shape; list endpoints return it too (it is a superset of `minimal-repository`). */
export async function mapRepository(
  context: MapperContext,
  repo: RepositoryRecord,
) {
  const ref = context.store.repositories.refOf(repo);
  const owner = context.store.repositories.ownerOf(repo);
  const url = context.urls.repo(ref);
  const htmlUrl = context.urls.repoHtml(ref);
  const openIssues = context.store.issues.list(ref, { state: 'open' }).length;
  return {
    id: repo.id,
    node_id: encodeNodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${ref.owner}/${ref.repo}`,
    private: repo.visibility !== 'public',
    owner: mapSimpleUser(context, owner),
    html_url: htmlUrl,
    description: repo.description,
    fork: false,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://${context.urls.host}/${ref.owner}/${ref.repo}.git`,
    ssh_url: `git@${context.urls.host.replace(/:\d+$/, '')}:${ref.owner}/${
      ref.repo
    }.git`,
    clone_url: context.urls.clone(ref),
    svn_url: htmlUrl,
    mirror_url: null,
    homepage: repo.homepage,
    size: await repositorySizeKb(context, repo),
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: repo.hasIssues,
    has_projects: repo.hasProjects,
    has_downloads: true,
    has_wiki: repo.hasWiki,
    has_pages: false,
    has_discussions: repo.hasDiscussions,
    forks_count: 0,
    archived: repo.archived,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: repo.isTemplate,
    web_commit_signoff_required: false,
    topics: repo.topics,
    visibility: repo.visibility,
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    ...(context.viewer ? { permissions: permissionsFor(context, repo) } : {}),
  };
}

/** `full-repository`: what single-repository endpoints and repository creation return. */
export async function mapFullRepository(
  context: MapperContext,
  repo: RepositoryRecord,
) {
  const owner = context.store.repositories.ownerOf(repo);
  return {
    ...(await mapRepository(context, repo)),
    allow_rebase_merge: repo.allowRebaseMerge,
    allow_squash_merge: repo.allowSquashMerge,
    allow_merge_commit: repo.allowMergeCommit,
    allow_auto_merge: repo.allowAutoMerge,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    allow_update_branch: repo.allowUpdateBranch,
    use_squash_pr_title_as_default: repo.squashMergeCommitTitle === 'PR_TITLE',
    squash_merge_commit_title: repo.squashMergeCommitTitle,
    squash_merge_commit_message: repo.squashMergeCommitMessage,
    merge_commit_title: repo.mergeCommitTitle,
    merge_commit_message: repo.mergeCommitMessage,
    temp_clone_token: null,
    network_count: 0,
    subscribers_count: 0,
    organization:
      owner.type === 'Organization' ? mapSimpleUser(context, owner) : null,
    custom_properties: repo.customProperties,
  };
}
