import { EMPTY_REPOSITORY_MESSAGE } from '../../store/errors';
import { diffCommits } from '../../store/git/diff';
import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import {
  mapCombinedStatus,
  mapCommit,
  mapCommitWithFiles,
  mapDiffEntry,
  mapStatus,
  mapTag,
} from '../mappers/commits';
import { mapPullRequestSimple } from '../mappers/pulls';
import { linkHeader, readPage } from '../pagination';
import { json, route } from '../RouteDefinition';

const MAX_COMPARE_COMMITS = 250;

async function repositoryWithHistory(request: ApiRequest) {
  const repo = request.repository();
  const ref = request.store.repositories.refOf(repo);
  const git = request.store.git.repository(ref);
  if (await git.isEmpty()) {
    throw new ApiError(409, EMPTY_REPOSITORY_MESSAGE);
  }
  return { repo, ref, git };
}

async function resolveOrNotFound(request: ApiRequest, name: string) {
  const { repo, ref, git } = await repositoryWithHistory(request);
  const sha = await git.resolveCommitish(name);
  if (!sha) {
    throw new ApiError(422, `No commit found for SHA: ${name}`);
  }
  return { repo, ref, git, sha };
}

/** GitHub's `author` filter takes a login or an email; git's matches name or email text. */
function authorPatterns(
  request: ApiRequest,
  value: string | undefined,
): string[] | undefined {
  if (!value) {
    return undefined;
  }
  const account = request.store.accounts.get(value);
  if (!account) {
    return [value];
  }
  return [
    account.email ?? `${account.id}+${account.login}@users.noreply.github.com`,
  ];
}

function compareStatus(aheadBy: number, behindBy: number) {
  if (aheadBy === 0 && behindBy === 0) return 'identical';
  if (behindBy === 0) return 'ahead';
  if (aheadBy === 0) return 'behind';
  return 'diverged';
}

/** Commits, comparisons, statuses and tags. */
export const commitRoutes = [
  route('GET', '/repos/{owner}/{repo}/commits', async request => {
    const { repo, ref, git } = await repositoryWithHistory(request);
    const start = request.query.string('sha') ?? repo.defaultBranch;
    const sha = await git.resolveCommitish(start);
    if (!sha) {
      throw new ApiError(404, `No commit found for SHA: ${start}`);
    }
    const page = readPage(request.query);
    const shas = await git.revList({
      include: [sha],
      path: request.query.string('path'),
      since: request.query.string('since'),
      until: request.query.string('until'),
      authors: authorPatterns(request, request.query.string('author')),
      skip: (page.page - 1) * page.perPage,
      limit: page.perPage + 1,
    });
    const hasNext = shas.length > page.perPage;
    const commits = await Promise.all(
      shas
        .slice(0, page.perPage)
        .map(async commitSha => (await git.readCommit(commitSha))!),
    );
    const link = linkHeader(
      request.url,
      request.urls.origin,
      page,
      undefined,
      hasNext,
    );
    return json(
      200,
      commits.map(commit => mapCommit(request.mapper, ref, commit)),
      link ? { link } : undefined,
    );
  }),

  route('GET', '/repos/{owner}/{repo}/commits/{ref}', async request => {
    const { ref, git, sha } = await resolveOrNotFound(
      request,
      request.param('ref'),
    );
    const commit = (await git.readCommit(sha))!;
    const files = await diffCommits(
      git,
      commit.parents[0] ?? git.emptyTreeSha(),
      sha,
    );
    return json(200, mapCommitWithFiles(request.mapper, ref, commit, files));
  }),

  route('GET', '/repos/{owner}/{repo}/compare/{basehead}', async request => {
    const { ref, git } = await repositoryWithHistory(request);
    const match = /^(.+?)\.{2,3}(.+)$/.exec(request.param('basehead'));
    if (!match) {
      throw apiErrors.notFound();
    }
    const [base, head] = await Promise.all([
      git.resolveCommitish(match[1]),
      git.resolveCommitish(match[2]),
    ]);
    if (!base || !head) {
      throw apiErrors.notFound();
    }
    const mergeBase = await git.mergeBase(base, head);
    if (!mergeBase) {
      throw new ApiError(
        404,
        `No common ancestor between ${match[1]} and ${match[2]}.`,
      );
    }
    const [aheadBy, behindBy, commitShas, files] = await Promise.all([
      git.countCommits({ include: [head], exclude: [base] }),
      git.countCommits({ include: [base], exclude: [head] }),
      git.revList({
        include: [head],
        exclude: [base],
        reverse: true,
        limit: MAX_COMPARE_COMMITS,
      }),
      diffCommits(git, mergeBase, head),
    ]);
    const status = compareStatus(aheadBy, behindBy);
    const commits = await Promise.all(
      commitShas.map(async sha => (await git.readCommit(sha))!),
    );
    const html = request.urls.repoHtml(
      ref,
      `/compare/${match[1]}...${match[2]}`,
    );
    return json(200, {
      url: request.urls.repo(ref, `/compare/${match[1]}...${match[2]}`),
      html_url: html,
      permalink_url: request.urls.repoHtml(
        ref,
        `/compare/${ref.owner}:${base}...${ref.owner}:${head}`,
      ),
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: mapCommit(
        request.mapper,
        ref,
        (await git.readCommit(base))!,
      ),
      merge_base_commit: mapCommit(
        request.mapper,
        ref,
        (await git.readCommit(mergeBase))!,
      ),
      status,
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: aheadBy,
      commits: commits.map(commit => mapCommit(request.mapper, ref, commit)),
      files: files.map(file => mapDiffEntry(request.mapper, ref, head, file)),
    });
  }),

  route('GET', '/repos/{owner}/{repo}/commits/{ref}/status', async request => {
    const { ref, sha } = await resolveOrNotFound(request, request.param('ref'));
    const combined = request.store.statuses.combined(ref, sha);
    return json(
      200,
      await mapCombinedStatus(request.mapper, ref, sha, combined),
    );
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref}/statuses',
    async request => {
      const { ref, sha } = await resolveOrNotFound(
        request,
        request.param('ref'),
      );
      return request.paginate(request.store.statuses.list(ref, sha), status =>
        mapStatus(request.mapper, ref, status),
      );
    },
  ),

  route('POST', '/repos/{owner}/{repo}/statuses/{sha}', async request => {
    const repo = request.repository('write');
    const viewer = request.requireViewer();
    const ref = request.store.repositories.refOf(repo);
    const state = request.body.optionalEnum('state', [
      'error',
      'failure',
      'pending',
      'success',
    ] as const);
    if (!state) {
      throw apiErrors.invalidRequest(`"state" wasn't supplied.`);
    }
    const status = await request.store.statuses.create({
      ...ref,
      sha: request.param('sha'),
      state,
      context: request.body.optionalString('context'),
      description: request.body.optionalNullableString('description'),
      targetUrl: request.body.optionalNullableString('target_url'),
      creator: viewer.login,
    });
    const body = mapStatus(request.mapper, ref, status);
    return json(201, body, { location: body.url });
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    async request => {
      const { ref, sha } = await resolveOrNotFound(
        request,
        request.param('commit_sha'),
      );
      const pulls = request.store.pulls
        .list(ref, { state: 'all' })
        .filter(
          view => view.pull.headSha === sha || view.pull.mergeCommitSha === sha,
        );
      return request.paginate(pulls, view =>
        mapPullRequestSimple(request.mapper, view),
      );
    },
  ),

  route('GET', '/repos/{owner}/{repo}/tags', async request => {
    const repo = request.repository();
    const ref = request.store.repositories.refOf(repo);
    const git = request.store.git.repository(ref);
    const tags = await Promise.all(
      (
        await git.listRefs('refs/tags/')
      ).map(async entry => ({
        name: entry.ref.slice('refs/tags/'.length),
        sha: (await git.peelToCommit(entry.sha)) ?? entry.sha,
      })),
    );
    tags.sort((a, b) => (a.name < b.name ? 1 : -1));
    return request.paginate(tags, tag =>
      mapTag(request.mapper, ref, tag.name, tag.sha),
    );
  }),
];
