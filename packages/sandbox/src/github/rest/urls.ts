import type { RepoRef } from '../store/types';

/**
 * Every URL the API renders, for a GitHub Enterprise Server style layout:
 * web and git on the origin, REST under `/api/v3`, raw files under `/raw`.
 */
export class SandboxUrls {
  readonly origin: string;
  readonly apiBase: string;
  readonly rawBase: string;
  readonly host: string;

  constructor(origin: string) {
    this.origin = origin.replace(/\/$/, '');
    this.apiBase = `${this.origin}/api/v3`;
    this.rawBase = `${this.origin}/raw`;
    this.host = new URL(this.origin).host;
  }

  api(path: string): string {
    return `${this.apiBase}${path}`;
  }

  html(path: string): string {
    return `${this.origin}${path}`;
  }

  user(login: string): string {
    return this.api(`/users/${login}`);
  }

  avatar(id: number): string {
    return this.html(`/avatars/u/${id}`);
  }

  repo(ref: RepoRef, suffix = ''): string {
    return this.api(`/repos/${ref.owner}/${ref.repo}${suffix}`);
  }

  repoHtml(ref: RepoRef, suffix = ''): string {
    return this.html(`/${ref.owner}/${ref.repo}${suffix}`);
  }

  clone(ref: RepoRef): string {
    return this.html(`/${ref.owner}/${ref.repo}.git`);
  }

  raw(ref: RepoRef, gitRef: string, path: string): string {
    return `${this.rawBase}/${ref.owner}/${ref.repo}/${gitRef}/${encodePath(
      path,
    )}`;
  }
}

export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
