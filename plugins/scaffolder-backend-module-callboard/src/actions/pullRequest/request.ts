import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { createHash } from 'node:crypto';
import type { GithubRepositoryTarget } from '@callboard/github';

export type FileEncoding = 'utf-8' | 'base64';

/** The action's input as the template passes it (see the zod schema in `upsertPullRequest.ts`). */
export interface UpsertPullRequestInput {
  repoUrl: string;
  branchName: string;
  baseBranch?: string;
  title: string;
  description: string;
  files: Array<{
    path: string;
    content: string;
    encoding?: FileEncoding;
    executable?: boolean;
  }>;
  deletions?: string[];
  labels?: string[];
  reviewers?: string[];
  teamReviewers?: string[];
  draft?: boolean;
  commitMessage?: string;
  token?: string;
}

export interface DesiredFile {
  path: string;
  content: Buffer;
  encoding: FileEncoding;
  /** Unset means "keep the current mode of an existing file". */
  executable?: boolean;
  /** The git object id of `content`, to compare with trees without downloading blobs. */
  blobSha: string;
}

/** Validated, normalised input: everything GitHub will see, nothing it would reject for shape. */
export interface PullRequestRequest {
  target: GithubRepositoryTarget;
  branch: string;
  baseBranch?: string;
  title: string;
  body: string;
  commitMessage: string;
  files: DesiredFile[];
  deletions: string[];
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
  draft?: boolean;
}

export function gitBlobSha(content: Buffer): string {
  return createHash('sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
}

/** Why `path` cannot name a file in a repository, or undefined when it can. */
function pathProblem(path: string): string | undefined {
  if (path.length === 0) {
    return 'it is empty';
  }
  if (path.includes('\0')) {
    return 'it contains a NUL character';
  }
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
    return 'it is absolute; paths are relative to the repository root';
  }
  if (path.includes('\\')) {
    return "it contains '\\'; use '/' between folders";
  }
  const segments = path.split('/');
  if (segments.includes('..')) {
    return "it contains a '..' segment";
  }
  if (segments.includes('.') || segments.includes('')) {
    return "it contains an empty or '.' segment";
  }
  if (segments.some(segment => segment.toLowerCase() === '.git')) {
    return "it points into '.git'";
  }
  return undefined;
}

export function assertRepositoryPath(path: string, field: string): void {
  const problem = pathProblem(path);
  if (problem) {
    throw new InputError(
      `Invalid path ${JSON.stringify(path)} in ${field}: ${problem}`,
    );
  }
}

/** The rules of `git check-ref-format --branch` that GitHub enforces. */
function branchProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'it is empty';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) {
    return 'it contains a space, a control character or one of ~^:?*[\\';
  }
  if (name.includes('..') || name.includes('@{') || name.includes('//')) {
    return "it contains '..', '@{' or '//'";
  }
  if (/^[/.-]|[/.]$|\.lock$|\/\./.test(name) || name === '@') {
    return "it starts or ends with '/' or '.', ends with '.lock', or has a component starting with '.'";
  }
  return undefined;
}

function assertBranchName(name: string, field: string): void {
  const problem = branchProblem(name);
  if (problem) {
    throw new InputError(
      `Invalid branch name ${JSON.stringify(name)} in ${field}: ${problem}`,
    );
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeContent(
  file: UpsertPullRequestInput['files'][number],
  field: string,
): Buffer {
  if ((file.encoding ?? 'utf-8') === 'utf-8') {
    return Buffer.from(file.content, 'utf8');
  }
  const compact = file.content.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new InputError(
      `Invalid base64 content for ${JSON.stringify(file.path)} in ${field}`,
    );
  }
  return Buffer.from(compact, 'base64');
}

function uniqueTrimmed(values: string[] | undefined): string[] {
  const seen = new Map<string, string>();
  for (const value of values ?? []) {
    const trimmed = value.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) {
      seen.set(trimmed.toLowerCase(), trimmed);
    }
  }
  return [...seen.values()];
}

function teamSlugs(values: string[] | undefined, owner: string): string[] {
  // Accept `acme/platform` as well as `platform`: both name the same team of the owner.
  return uniqueTrimmed(values).map(value => {
    const [org, slug] = value.split('/', 2);
    if (slug === undefined) {
      return value.toLowerCase();
    }
    if (org.toLowerCase() !== owner.toLowerCase()) {
      throw new InputError(
        `Invalid team reviewer '${value}': teams must belong to '${owner}'`,
      );
    }
    return slug.toLowerCase();
  });
}

export function parsePullRequestRequest(
  input: UpsertPullRequestInput,
  integrations: ScmIntegrationRegistry,
): PullRequestRequest {
  const { host, owner, repo } = parseRepoUrl(input.repoUrl, integrations);
  if (!owner) {
    throw new InputError(
      `Invalid repoUrl '${input.repoUrl}': missing owner (expected 'host?owner=<owner>&repo=<repo>')`,
    );
  }
  if (!integrations.github.byHost(host)) {
    throw new InputError(
      `Invalid repoUrl '${input.repoUrl}': host '${host}' is not a GitHub integration`,
    );
  }
  assertBranchName(input.branchName, 'branchName');
  if (input.baseBranch !== undefined) {
    assertBranchName(input.baseBranch, 'baseBranch');
    if (input.baseBranch === input.branchName) {
      throw new InputError(
        `branchName and baseBranch are both '${input.branchName}'; the pull request needs a branch of its own`,
      );
    }
  }
  if (!input.title.trim()) {
    throw new InputError('The pull request title is empty');
  }

  const files: DesiredFile[] = [];
  const seen = new Set<string>();
  input.files.forEach((file, index) => {
    const field = `files[${index}].path`;
    assertRepositoryPath(file.path, field);
    if (seen.has(file.path)) {
      throw new InputError(
        `Duplicate path ${JSON.stringify(file.path)} in ${field}`,
      );
    }
    seen.add(file.path);
    const content = decodeContent(file, `files[${index}].content`);
    files.push({
      path: file.path,
      content,
      encoding: file.encoding ?? 'utf-8',
      executable: file.executable,
      blobSha: gitBlobSha(content),
    });
  });

  const deletions = [...new Set(input.deletions ?? [])];
  deletions.forEach((path, index) => {
    assertRepositoryPath(path, `deletions[${index}]`);
    if (seen.has(path)) {
      throw new InputError(
        `Path ${JSON.stringify(path)} is both in files and in deletions`,
      );
    }
  });
  if (files.length === 0 && deletions.length === 0) {
    throw new InputError(
      "Nothing to change: 'files' and 'deletions' are both empty",
    );
  }

  return {
    target: { host, owner, repo },
    branch: input.branchName,
    baseBranch: input.baseBranch,
    title: input.title.trim(),
    body: input.description,
    commitMessage: input.commitMessage?.trim() || input.title.trim(),
    files,
    deletions,
    labels: uniqueTrimmed(input.labels),
    reviewers: uniqueTrimmed(input.reviewers),
    teamReviewers: teamSlugs(input.teamReviewers, owner),
    draft: input.draft,
  };
}
