import type { GitRepository } from '../../store/git/GitRepository';
import type { GitTreeEntry } from '../../store/git/objects';
import type { RepoRef } from '../../store/types';
import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import { mapGitCommit, wrappedBase64 } from '../mappers/git';
import type { MapperContext } from '../mappers/MapperContext';
import { json, RAW_CONTENT_TYPE, route } from '../RouteDefinition';
import { encodePath } from '../urls';

const PATH = { greedy: ['path'] };
const INLINE_CONTENT_LIMIT = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '040000': 'dir',
  '120000': 'symlink',
  '160000': 'submodule',
};

function contentEntry(
  context: MapperContext,
  ref: RepoRef,
  gitRef: string,
  path: string,
  entry: GitTreeEntry,
  size: number,
) {
  const type = CONTENT_TYPES[entry.mode] ?? 'file';
  const self = context.urls.repo(
    ref,
    `/contents/${encodePath(path)}?ref=${encodeURIComponent(gitRef)}`,
  );
  const git = context.urls.repo(
    ref,
    `/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
  );
  const html = context.urls.repoHtml(
    ref,
    `/${entry.type === 'tree' ? 'tree' : 'blob'}/${gitRef}/${encodePath(path)}`,
  );
  return {
    type,
    size: entry.type === 'tree' ? 0 : size,
    name: path.split('/').pop() ?? path,
    path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === 'file' ? context.urls.raw(ref, gitRef, path) : null,
    _links: { self, git, html },
  };
}

async function resolveTarget(
  request: ApiRequest,
  needed: 'read' | 'write' = 'read',
) {
  const repo = request.repository(needed);
  const ref = request.store.repositories.refOf(repo);
  const git = request.store.git.repository(ref);
  const gitRef = request.query.string('ref') ?? repo.defaultBranch;
  if (await git.isEmpty()) {
    throw new ApiError(404, 'This repository is empty.');
  }
  const sha = await git.resolveCommitish(gitRef);
  if (!sha) {
    throw new ApiError(404, `No commit found for the ref ${gitRef}`);
  }
  const commit = (await git.readCommit(sha))!;
  return { repo, ref, git, gitRef, commit };
}

async function fileBody(
  request: ApiRequest,
  ref: RepoRef,
  git: GitRepository,
  gitRef: string,
  path: string,
  entry: GitTreeEntry,
) {
  const content = (await git.readBlob(entry.sha)) ?? Buffer.alloc(0);
  const base = contentEntry(
    request.mapper,
    ref,
    gitRef,
    path,
    entry,
    content.length,
  );
  if (base.type === 'symlink') {
    return { ...base, target: content.toString('utf8') };
  }
  const inline = content.length <= INLINE_CONTENT_LIMIT;
  return {
    ...base,
    content: inline ? wrappedBase64(content) : '',
    encoding: inline ? 'base64' : 'none',
  };
}

function readCommitIdentities(request: ApiRequest) {
  const identity = (name: string) => {
    const reader = request.body.nested(name);
    return reader
      ? {
          name: reader.string('name'),
          email: reader.string('email'),
          date: reader.optionalString('date'),
        }
      : undefined;
  };
  return { author: identity('author'), committer: identity('committer') };
}

async function fileCommitBody(
  request: ApiRequest,
  ref: RepoRef,
  commitSha: string,
  path: string | undefined,
) {
  const git = request.store.git.repository(ref);
  const commit = (await git.readCommit(commitSha))!;
  const branch =
    request.body.optionalString('branch') ??
    request.store.repositories.require(ref).defaultBranch;
  let content = null;
  if (path) {
    const entry = (await git.resolvePath(commit.tree, path))!;
    const size = (await git.readBlob(entry.sha))?.length ?? 0;
    content = contentEntry(request.mapper, ref, branch, path, entry, size);
  }
  return { content, commit: mapGitCommit(request.mapper, ref, commit) };
}

/** Repository contents (read, create/update, delete), README, and archive redirects. */
export const contentRoutes = [
  route(
    'GET',
    '/repos/{owner}/{repo}/contents/{path}',
    async request => {
      const { ref, git, gitRef, commit } = await resolveTarget(request);
      const path = (request.params.path ?? '').replace(/^\/+|\/+$/g, '');
      const entry = await git.resolvePath(commit.tree, path);
      if (!entry) {
        throw apiErrors.notFound();
      }
      if (entry.type === 'tree') {
        const entries = (await git.listTree(entry.sha, false)).map(child => ({
          ...child,
          path: path ? `${path}/${child.path}` : child.path,
        }));
        return json(
          200,
          entries.map(child =>
            contentEntry(
              request.mapper,
              ref,
              gitRef,
              child.path,
              {
                name: child.path,
                mode: child.mode,
                type: child.type,
                sha: child.sha,
              },
              child.size ?? 0,
            ),
          ),
        );
      }
      if (request.wantsRaw()) {
        return {
          status: 200,
          raw: (await git.readBlob(entry.sha)) ?? Buffer.alloc(0),
          contentType: RAW_CONTENT_TYPE,
          headers: { etag: `"${entry.sha}"` },
        };
      }
      return json(200, await fileBody(request, ref, git, gitRef, path, entry));
    },
    PATH,
  ),

  route(
    'PUT',
    '/repos/{owner}/{repo}/contents/{path}',
    async request => {
      const repo = request.repository('write');
      const viewer = request.requireViewer();
      const ref = request.store.repositories.refOf(repo);
      const path = request.param('path').replace(/^\/+|\/+$/g, '');
      const message = request.body.string('message');
      const content = request.body.string('content');
      const result = await request.store.git.putFile({
        ...ref,
        path,
        content: Buffer.from(content, 'base64'),
        message,
        sha: request.body.optionalString('sha'),
        branch: request.body.optionalString('branch'),
        ...readCommitIdentities(request),
        actor: viewer.login,
      });
      return json(
        result.created ? 201 : 200,
        await fileCommitBody(request, ref, result.commitSha, path),
      );
    },
    PATH,
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/contents/{path}',
    async request => {
      const repo = request.repository('write');
      const viewer = request.requireViewer();
      const ref = request.store.repositories.refOf(repo);
      const result = await request.store.git.deleteFile({
        ...ref,
        path: request.param('path').replace(/^\/+|\/+$/g, ''),
        message: request.body.string('message'),
        sha: request.body.string('sha'),
        branch: request.body.optionalString('branch'),
        ...readCommitIdentities(request),
        actor: viewer.login,
      });
      return json(
        200,
        await fileCommitBody(request, ref, result.commitSha, undefined),
      );
    },
    PATH,
  ),

  route('GET', '/repos/{owner}/{repo}/readme', async request => {
    const { ref, git, gitRef, commit } = await resolveTarget(request);
    const entry = ((await git.readTree(commit.tree)) ?? []).find(
      candidate =>
        candidate.type === 'blob' && /^readme(\.|$)/i.test(candidate.name),
    );
    if (!entry) {
      throw apiErrors.notFound();
    }
    if (request.wantsRaw()) {
      return {
        status: 200,
        raw: (await git.readBlob(entry.sha)) ?? Buffer.alloc(0),
        contentType: RAW_CONTENT_TYPE,
      };
    }
    return json(
      200,
      await fileBody(request, ref, git, gitRef, entry.name, entry),
    );
  }),

  ...(['tarball', 'zipball'] as const).map(format =>
    route(
      'GET',
      `/repos/{owner}/{repo}/${format}/{ref}`,
      async request => {
        const repo = request.repository();
        const ref = request.store.repositories.refOf(repo);
        const git = request.store.git.repository(ref);
        const gitRef = request.param('ref');
        const sha = await git.resolveCommitish(gitRef);
        if (!sha) {
          throw apiErrors.notFound();
        }
        const extension = format === 'tarball' ? 'tar.gz' : 'zip';
        return {
          status: 302,
          headers: {
            location: request.urls.html(
              `/_codeload/${ref.owner}/${ref.repo}/legacy.${extension}/${sha}`,
            ),
          },
        };
      },
      { greedy: ['ref'] },
    ),
  ),
];
