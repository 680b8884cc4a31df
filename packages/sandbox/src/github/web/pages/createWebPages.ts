import express from 'express';
import type { Request, Response, Router } from 'express';
import { diffCommits, FileChange } from '../../store/git/diff';
import type { GitRepository } from '../../store/git/GitRepository';
import type { GitCommit, GitTreeEntry } from '../../store/git/objects';
import type { AccountRecord, RepositoryRecord } from '../../store/types';
import { encodePath } from '../../rest/urls';
import { viewerOf, visibleRepository, WebDependencies } from '../transport';
import { html, page, SafeHtml } from './html';
import { renderMarkdown } from './markdown';

/** Files GitHub shows below a folder's listing, in its order of preference. */
const README_NAMES = ['README.md', 'readme.md', 'README', 'README.markdown'];

const isMarkdown = (path: string) => /\.(md|markdown)$/i.test(path);

class NotFound extends Error {}

interface RepositoryView {
  repo: RepositoryRecord;
  owner: string;
  name: string;
  /** `/owner/repo` */
  base: string;
  git: GitRepository;
}

/**
 * Who the page is rendered for. The sandbox has no web sign-in, and its pages
 * are for the developer running it on their machine, so without a token they
 * render as the sandbox's site admin, the account the portal's token belongs
 * to: links the portal shows for private and internal repositories then open.
 * A token (`Authorization` or `?token=`) renders as that token's account.
 */
function pageViewer(
  deps: WebDependencies,
  req: Request,
): AccountRecord | undefined {
  const fromToken = viewerOf(deps, req);
  if (fromToken.ok && fromToken.viewer) {
    return fromToken.viewer;
  }
  return deps.store.accounts.list('User').find(account => account.siteAdmin);
}

function repositoryOf(deps: WebDependencies, req: Request): RepositoryView {
  const { owner, repo: name } = req.params;
  const repo = visibleRepository(deps, owner, name, pageViewer(deps, req));
  if (!repo) {
    throw new NotFound();
  }
  const ref = deps.store.repositories.refOf(repo);
  return {
    repo,
    owner: ref.owner,
    name: ref.repo,
    base: `/${ref.owner}/${ref.repo}`,
    git: deps.store.git.repository(ref),
  };
}

/**
 * `ref/path/to/file` split as GitHub does: a ref may contain slashes, so the
 * split is the shortest prefix that names a commit.
 */
async function splitRefAndPath(
  git: GitRepository,
  rest: string,
): Promise<{ ref: string; sha: string; path: string }> {
  const segments = rest.split('/').filter(Boolean);
  for (let split = 1; split <= segments.length; split++) {
    const ref = segments.slice(0, split).join('/');
    const sha = await git.resolveCommitish(ref);
    if (sha) {
      return { ref, sha, path: segments.slice(split).join('/') };
    }
  }
  throw new NotFound();
}

function breadcrumbs(view: RepositoryView, ref: string, path: string) {
  const segments = path.split('/').filter(Boolean);
  return html`<nav class="crumbs">
    <a href="${view.base}">${view.owner}/${view.name}</a>${segments.map(
      (segment, index) =>
        // The last segment is the page itself.
        index === segments.length - 1
          ? html` / ${segment}`
          : html` /
              <a
                href="${view.base}/tree/${ref}/${encodePath(
                  segments.slice(0, index + 1).join('/'),
                )}"
                >${segment}</a
              >`,
    )} <span class="muted">(${ref})</span>
  </nav>`;
}

async function readmeOf(
  view: RepositoryView,
  ref: string,
  folder: string,
  entries: GitTreeEntry[],
): Promise<SafeHtml> {
  const entry = README_NAMES.map(name =>
    entries.find(e => e.type === 'blob' && e.name === name),
  ).find(Boolean);
  if (!entry) {
    return html``;
  }
  const text = (await view.git.readBlob(entry.sha))?.toString('utf8') ?? '';
  const body = isMarkdown(entry.name)
    ? renderMarkdown(text, { base: view.base, ref, folder })
    : html`<pre>${text}</pre>`;
  return html`<section class="box readme">
    <h2>${entry.name}</h2>
    <div class="body">${body}</div>
  </section>`;
}

async function treePage(
  view: RepositoryView,
  ref: string,
  sha: string,
  path: string,
): Promise<string> {
  const commit = (await view.git.readCommit(sha))!;
  const entry = await view.git.resolvePath(commit.tree, path);
  if (entry?.type !== 'tree') {
    throw new NotFound();
  }
  const entries = [...((await view.git.readTree(entry.sha)) ?? [])].sort(
    (a, b) =>
      Number(b.type === 'tree') - Number(a.type === 'tree') ||
      a.name.localeCompare(b.name),
  );
  const link = (child: GitTreeEntry) => {
    const childPath = encodePath(path ? `${path}/${child.name}` : child.name);
    if (child.type === 'commit') {
      return html`${child.name}
        <span class="muted">@ ${child.sha.slice(0, 7)}</span>`;
    }
    const kind = child.type === 'tree' ? 'tree' : 'blob';
    return html`<a href="${view.base}/${kind}/${ref}/${childPath}"
      >${child.name}${child.type === 'tree' ? '/' : ''}</a
    >`;
  };
  const description = view.repo.description
    ? html`<p>${view.repo.description}</p>`
    : html``;
  return page(
    path ? `${view.name}/${path} at ${ref}` : `${view.owner}/${view.name}`,
    html`${breadcrumbs(view, ref, path)}${path ? html`` : description}
      <p class="muted">
        Latest commit
        <a href="${view.base}/commit/${sha}">${sha.slice(0, 7)}</a>:
        ${firstLine(commit.message)}
      </p>
      <table class="files">
        ${entries.map(
          child =>
            html`<tr>
              <td>${link(child)}</td>
            </tr>`,
        )}
      </table>
      ${await readmeOf(view, ref, path, entries)}`,
  );
}

async function blobPage(
  view: RepositoryView,
  ref: string,
  sha: string,
  path: string,
): Promise<string> {
  const commit = (await view.git.readCommit(sha))!;
  const entry = path
    ? await view.git.resolvePath(commit.tree, path)
    : undefined;
  if (entry?.type !== 'blob') {
    throw new NotFound();
  }
  const content = (await view.git.readBlob(entry.sha)) ?? Buffer.alloc(0);
  const binary = content.includes(0);
  const text = content.toString('utf8');
  const folder = path.split('/').slice(0, -1).join('/');
  let body: SafeHtml;
  if (binary) {
    body = html`<p class="muted">Binary file, ${content.length} bytes.</p>`;
  } else if (isMarkdown(path)) {
    body = renderMarkdown(text, { base: view.base, ref, folder });
  } else {
    body = html`<pre>${text}</pre>`;
  }
  const name = path.split('/').pop()!;
  return page(
    `${view.name}/${path} at ${ref}`,
    html`${breadcrumbs(view, ref, path)}
      <section class="box blob">
        <h2>
          ${name}
          <span class="muted"
            >${content.length} bytes ·
            <a href="/raw${view.base}/${ref}/${encodePath(path)}">raw</a></span
          >
        </h2>
        <div class="body">${body}</div>
      </section>`,
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function filesChanged(view: RepositoryView, files: FileChange[], sha: string) {
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return html`<h2>
      Files changed (${files.length}) <span class="add">+${additions}</span>
      <span class="del">−${deletions}</span>
    </h2>
    ${files.map(
      file =>
        html`<section class="box file">
          <h3>
            ${file.status === 'removed'
              ? file.filename
              : html`<a
                  href="${view.base}/blob/${sha}/${encodePath(file.filename)}"
                  >${file.filename}</a
                >`}${file.previousFilename
              ? html` <span class="muted"
                  >(renamed from ${file.previousFilename})</span
                >`
              : ''} <span class="muted">${file.status}</span>
            <span class="add">+${file.additions}</span>
            <span class="del">−${file.deletions}</span>
          </h3>
          <div class="body">
            <pre>${file.patch ?? 'Binary file not shown.'}</pre>
          </div>
        </section>`,
    )}`;
}

async function commitPage(
  view: RepositoryView,
  shaParam: string,
): Promise<string> {
  const sha = await view.git.resolveCommitish(shaParam);
  const commit: GitCommit | undefined = sha
    ? await view.git.readCommit(sha)
    : undefined;
  if (!sha || !commit) {
    throw new NotFound();
  }
  const files = await diffCommits(
    view.git,
    commit.parents[0] ?? view.git.emptyTreeSha(),
    sha,
  );
  const [title, ...rest] = commit.message.split('\n');
  return page(
    `${firstLine(commit.message)} · ${view.owner}/${view.name}@${sha.slice(
      0,
      7,
    )}`,
    html`<nav class="crumbs">
        <a href="${view.base}">${view.owner}/${view.name}</a>
      </nav>
      <h1>${title}</h1>
      ${rest.join('\n').trim()
        ? html`<pre>${rest.join('\n').trim()}</pre>`
        : ''}
      <p class="muted">
        ${commit.author.name} &lt;${commit.author.email}&gt; committed
        ${commit.committer.date} · commit
        <code>${sha}</code>${commit.parents.map(
          parent =>
            html` · parent
              <a href="${view.base}/commit/${parent}"
                >${parent.slice(0, 7)}</a
              >`,
        )}
        · <a href="${view.base}/tree/${sha}">browse files</a>
      </p>
      ${filesChanged(view, files, sha)}`,
  );
}

async function pullPage(
  deps: WebDependencies,
  view: RepositoryView,
  numberParam: string,
): Promise<string> {
  const number = Number(numberParam);
  const pr = Number.isSafeInteger(number)
    ? deps.store.pulls.get({ owner: view.owner, repo: view.name }, number)
    : undefined;
  if (!pr) {
    throw new NotFound();
  }
  const { issue, pull } = pr;
  let state: 'open' | 'closed' | 'merged' | 'draft' = issue.state;
  if (pull.mergedAt) state = 'merged';
  else if (issue.state === 'open' && pull.draft) state = 'draft';
  const author = deps.store.accounts.getById(issue.authorId)?.login ?? 'ghost';
  const mergeBase = await view.git.mergeBase(pull.baseSha, pull.headSha);
  const files = await diffCommits(
    view.git,
    mergeBase ?? pull.baseSha,
    pull.headSha,
  );
  const description = issue.body
    ? renderMarkdown(issue.body, {
        base: view.base,
        ref: pull.headSha,
        folder: '',
      })
    : html`<p class="muted">No description provided.</p>`;
  return page(
    `${issue.title} · Pull Request #${number} · ${view.owner}/${view.name}`,
    html`<nav class="crumbs">
        <a href="${view.base}">${view.owner}/${view.name}</a>
      </nav>
      <h1>${issue.title} <span class="muted">#${number}</span></h1>
      <p>
        <span class="state ${state}"
          >${state[0].toUpperCase()}${state.slice(1)}</span
        >
        ${author} wants to merge into <code>${pull.baseRef}</code> from
        <code>${pull.headRef}</code>${pull.mergeCommitSha
          ? html` · merged as
              <a href="${view.base}/commit/${pull.mergeCommitSha}"
                >${pull.mergeCommitSha.slice(0, 7)}</a
              >`
          : ''}
      </p>
      <section class="box description">
        <h2>Description</h2>
        <div class="body">${description}</div>
      </section>
      ${filesChanged(view, files, pull.headSha)}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Page not found · GitHub sandbox',
    html`<h1>404</h1>
      <p>
        This is not the web page you are looking for: no such repository,
        branch, file, commit or pull request (or it is not visible to you).
      </p>`,
  );
}

/**
 * Plain, read-only HTML pages at the URLs GitHub uses, so that every link the
 * portal shows for a sandbox object (repository, file, commit, pull request)
 * opens something a person can read.
 */
export function createWebPages(deps: WebDependencies): Router {
  const router = express.Router();
  const handle =
    (render: (req: Request) => Promise<string>) =>
    async (req: Request, res: Response) => {
      try {
        res
          .status(200)
          .type('html')
          .send(await render(req));
      } catch (error) {
        if (error instanceof NotFound) {
          res.status(404).type('html').send(notFoundPage());
          return;
        }
        deps.onError(error);
        res.status(500).type('text/plain').send('500: Internal Server Error');
      }
    };

  // A clone URL opened in a browser (the scaffolder's "Repository" link is one) shows the
  // repository, as GitHub does.
  router.get('/:owner/:repo', (req, res, next) => {
    if (!req.params.repo.endsWith('.git')) {
      next();
      return;
    }
    res.redirect(
      301,
      `/${encodeURIComponent(req.params.owner)}/${encodeURIComponent(
        req.params.repo.slice(0, -'.git'.length),
      )}`,
    );
  });
  router.get(
    '/:owner/:repo',
    handle(async req => {
      const view = repositoryOf(deps, req);
      const sha = await view.git.resolveCommitish(view.repo.defaultBranch);
      if (!sha) {
        return page(
          `${view.owner}/${view.name}`,
          html`${breadcrumbs(view, view.repo.defaultBranch, '')}
            <p>This repository is empty.</p>`,
        );
      }
      return treePage(view, view.repo.defaultBranch, sha, '');
    }),
  );
  router.get(
    '/:owner/:repo/tree/*',
    handle(async req => {
      const view = repositoryOf(deps, req);
      const { ref, sha, path } = await splitRefAndPath(view.git, req.params[0]);
      return treePage(view, ref, sha, path);
    }),
  );
  router.get(
    '/:owner/:repo/blob/*',
    handle(async req => {
      const view = repositoryOf(deps, req);
      const { ref, sha, path } = await splitRefAndPath(view.git, req.params[0]);
      return blobPage(view, ref, sha, path);
    }),
  );
  // TechDocs' "edit this page" points here; the sandbox is read-only, so it shows the file.
  router.get('/:owner/:repo/edit/*', (req: Request, res: Response) => {
    res.redirect(
      302,
      `/${encodeURIComponent(req.params.owner)}/${encodeURIComponent(
        req.params.repo,
      )}/blob/${encodePath(req.params[0])}`,
    );
  });
  router.get(
    '/:owner/:repo/commit/:sha',
    handle(async req => commitPage(repositoryOf(deps, req), req.params.sha)),
  );
  router.get(
    '/:owner/:repo/pull/:number',
    handle(async req =>
      pullPage(deps, repositoryOf(deps, req), req.params.number),
    ),
  );
  router.get(
    '/:owner/:repo/pull/:number/files',
    handle(async req =>
      pullPage(deps, repositoryOf(deps, req), req.params.number),
    ),
  );
  return router;
}
