import { EMPTY_REPOSITORY_MESSAGE } from '../../store/errors';
import type { TreeChange } from '../../store/git/GitRepository';
import { isValidMode } from '../../store/git/objects';
import { defaultIdentityOf } from '../../store/GitDataStore';
import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import { BodyReader } from '../inputs';
import { mapBlob, mapGitCommit, mapGitRef, mapGitTree } from '../mappers/git';
import { json, noContent, RAW_CONTENT_TYPE, route } from '../RouteDefinition';

const REF = { greedy: ['ref'] };

async function nonEmptyRepository(
  request: ApiRequest,
  needed: 'read' | 'write' = 'read',
) {
  const repo = request.repository(needed);
  const ref = request.store.repositories.refOf(repo);
  const git = request.store.git.repository(ref);
  if (await git.isEmpty()) {
    throw new ApiError(409, EMPTY_REPOSITORY_MESSAGE);
  }
  return { repo, ref, git };
}

function qualifiedRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function readIdentity(reader: BodyReader | undefined) {
  if (!reader) {
    return undefined;
  }
  return {
    name: reader.string('name'),
    email: reader.string('email'),
    date: reader.optionalString('date'),
  };
}

/** Git database: refs, commits, trees and blobs (`/repos/{owner}/{repo}/git/...`). */
export const gitDataRoutes = [
  route(
    'GET',
    '/repos/{owner}/{repo}/git/ref/{ref}',
    async request => {
      const { ref, git } = await nonEmptyRepository(request);
      const name = qualifiedRef(request.param('ref'));
      const sha = await git.readRef(name);
      if (!sha) {
        throw apiErrors.notFound();
      }
      const type = (await git.objectType(sha)) ?? 'commit';
      return json(200, mapGitRef(request.mapper, ref, name, sha, type));
    },
    REF,
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/git/matching-refs/{ref}',
    async request => {
      const { ref, git } = await nonEmptyRepository(request);
      const prefix = qualifiedRef(request.params.ref ?? '');
      const refs = (await git.listRefs('refs/')).filter(entry =>
        entry.ref.startsWith(prefix),
      );
      const mapped = await Promise.all(
        refs.map(async entry =>
          mapGitRef(
            request.mapper,
            ref,
            entry.ref,
            entry.sha,
            (await git.objectType(entry.sha)) ?? 'commit',
          ),
        ),
      );
      return json(200, mapped);
    },
    REF,
  ),

  route('POST', '/repos/{owner}/{repo}/git/refs', async request => {
    const repo = request.repository('write');
    const ref = request.store.repositories.refOf(repo);
    const name = request.body.string('ref');
    const sha = request.body.string('sha');
    await request.store.git.createRef(
      ref,
      name,
      sha,
      request.viewer?.id ?? null,
    );
    const type =
      (await request.store.git.repository(ref).objectType(sha)) ?? 'commit';
    const body = mapGitRef(request.mapper, ref, name, sha, type);
    return json(201, body, { location: body.url });
  }),

  route(
    'PATCH',
    '/repos/{owner}/{repo}/git/refs/{ref}',
    async request => {
      const repo = request.repository('write');
      const ref = request.store.repositories.refOf(repo);
      const name = qualifiedRef(request.param('ref'));
      const sha = request.body.string('sha');
      await request.store.git.updateRef(
        ref,
        name,
        sha,
        request.body.optionalBoolean('force') ?? false,
        request.viewer?.id ?? null,
      );
      const type =
        (await request.store.git.repository(ref).objectType(sha)) ?? 'commit';
      return json(200, mapGitRef(request.mapper, ref, name, sha, type));
    },
    REF,
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/git/refs/{ref}',
    async request => {
      const repo = request.repository('write');
      await request.store.git.deleteRef(
        request.store.repositories.refOf(repo),
        qualifiedRef(request.param('ref')),
        request.viewer?.id ?? null,
      );
      return noContent();
    },
    REF,
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    async request => {
      const { ref, git } = await nonEmptyRepository(request);
      const commit = await git.readCommit(request.param('commit_sha'));
      if (!commit) {
        throw apiErrors.notFound();
      }
      return json(200, mapGitCommit(request.mapper, ref, commit));
    },
  ),

  route('POST', '/repos/{owner}/{repo}/git/commits', async request => {
    const { ref, git } = await nonEmptyRepository(request, 'write');
    const viewer = request.requireViewer();
    const tree = request.body.string('tree');
    const parents = request.body.optionalStringArray('parents') ?? [];
    const message = request.body.string('message');
    if ((await git.objectType(tree)) !== 'tree') {
      throw new ApiError(422, 'Tree SHA does not exist');
    }
    for (const parent of parents) {
      if ((await git.objectType(parent)) !== 'commit') {
        throw new ApiError(
          422,
          'Parent SHA does not exist or is not a commit object',
        );
      }
    }
    const author =
      readIdentity(request.body.nested('author')) ?? defaultIdentityOf(viewer);
    const committer = readIdentity(request.body.nested('committer')) ?? author;
    const sha = await request.store.git.writeCommit({
      ...ref,
      tree,
      parents,
      message,
      author,
      committer,
      signature: request.body.optionalString('signature'),
    });
    const body = mapGitCommit(
      request.mapper,
      ref,
      (await git.readCommit(sha))!,
    );
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/git/trees/{tree_sha}', async request => {
    const { ref, git } = await nonEmptyRepository(request);
    const name = request.param('tree_sha');
    let treeSha: string | undefined;
    if ((await git.objectType(name)) === 'tree') {
      treeSha = name;
    } else {
      const commitSha = await git.resolveCommitish(name);
      treeSha = commitSha ? (await git.readCommit(commitSha))?.tree : undefined;
    }
    if (!treeSha) {
      throw apiErrors.notFound();
    }
    const recursive = request.query.string('recursive') !== undefined;
    const entries = await git.listTree(treeSha, recursive);
    return json(200, mapGitTree(request.mapper, ref, treeSha, entries));
  }),

  route('POST', '/repos/{owner}/{repo}/git/trees', async request => {
    const { ref, git } = await nonEmptyRepository(request, 'write');
    const baseTree = request.body.optionalString('base_tree');
    if (baseTree && (await git.objectType(baseTree)) !== 'tree') {
      throw new ApiError(422, 'base_tree is not a valid tree oid');
    }
    const items = request.body.optionalArray('tree');
    if (!items) {
      throw apiErrors.invalidRequest(`"tree" wasn't supplied.`);
    }
    const changes: TreeChange[] = [];
    for (const [index, raw] of items.entries()) {
      const item = new BodyReader(raw);
      const path = item.string('path');
      const mode = item.string('mode');
      if (!isValidMode(mode)) {
        throw apiErrors.invalidRequest(
          `For 'items', ${JSON.stringify(
            mode,
          )} is not a valid mode for tree entry ${index}.`,
        );
      }
      const content = item.optionalString('content');
      const rawSha = (raw as { sha?: unknown }).sha;
      if (content !== undefined) {
        changes.push({
          path,
          mode,
          sha: await git.writeBlob(Buffer.from(content, 'utf8')),
        });
      } else if (rawSha === null) {
        const existing = baseTree
          ? await git.resolvePath(baseTree, path)
          : undefined;
        if (!existing) {
          throw new ApiError(422, 'GitRPC::BadObjectState');
        }
        changes.push({ path, mode, sha: null });
      } else {
        const sha = item.string('sha');
        if (!(await git.objectType(sha))) {
          throw new ApiError(422, 'Invalid tree info');
        }
        changes.push({ path, mode, sha });
      }
    }
    const treeSha = await git.editTree(baseTree ?? null, changes);
    const body = mapGitTree(
      request.mapper,
      ref,
      treeSha,
      await git.listTree(treeSha, false),
    );
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/git/blobs/{file_sha}', async request => {
    const { ref, git } = await nonEmptyRepository(request);
    const sha = request.param('file_sha');
    const content = await git.readBlob(sha);
    if (!content) {
      throw apiErrors.notFound();
    }
    if (request.wantsRaw()) {
      return { status: 200, raw: content, contentType: RAW_CONTENT_TYPE };
    }
    return json(200, mapBlob(request.mapper, ref, sha, content));
  }),

  route('POST', '/repos/{owner}/{repo}/git/blobs', async request => {
    const { ref, git } = await nonEmptyRepository(request, 'write');
    const content = request.body.string('content');
    const encoding =
      request.body.optionalEnum('encoding', [
        'utf-8',
        'utf8',
        'base64',
      ] as const) ?? 'utf-8';
    const sha = await git.writeBlob(
      Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
    );
    const url = request.urls.repo(ref, `/git/blobs/${sha}`);
    return json(201, { url, sha }, { location: url });
  }),
];
