import type { QueryReader } from './inputs';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PageRequest {
  page: number;
  perPage: number;
}

export function readPage(query: QueryReader): PageRequest {
  const perPage = Math.min(
    Math.max(query.integer('per_page') ?? DEFAULT_PER_PAGE, 0),
    MAX_PER_PAGE,
  );
  const page = Math.max(query.integer('page') ?? 1, 1);
  return { page, perPage: perPage === 0 ? DEFAULT_PER_PAGE : perPage };
}

/**
 * GitHub's `Link` header: `prev`, `next`, `last`, `first`, in that order,
 * each repeating the request's other query parameters.
 */
export function linkHeader(
  requestUrl: URL,
  publicOrigin: string,
  { page, perPage }: PageRequest,
  lastPage: number | undefined,
  hasNext: boolean,
): string | undefined {
  const linkTo = (target: number) => {
    const url = new URL(requestUrl.pathname + requestUrl.search, publicOrigin);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) {
    links.push(`<${linkTo(page - 1)}>; rel="prev"`);
  }
  if (hasNext) {
    links.push(`<${linkTo(page + 1)}>; rel="next"`);
    if (lastPage !== undefined) {
      links.push(`<${linkTo(lastPage)}>; rel="last"`);
    }
  }
  if (page > 1) {
    links.push(`<${linkTo(1)}>; rel="first"`);
  }
  return links.length ? links.join(', ') : undefined;
}

export function slicePage<T>(
  items: T[],
  pageRequest: PageRequest,
): { items: T[]; lastPage: number; hasNext: boolean } {
  const start = (pageRequest.page - 1) * pageRequest.perPage;
  const lastPage = Math.max(Math.ceil(items.length / pageRequest.perPage), 1);
  return {
    items: items.slice(start, start + pageRequest.perPage),
    lastPage,
    hasNext: pageRequest.page < lastPage,
  };
}
