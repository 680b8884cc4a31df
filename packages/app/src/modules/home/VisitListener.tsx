import { VisitListener } from '@backstage/plugin-home';

const ENTITY_PAGE = /^\/catalog\/[^/]+\/[^/]+\/(?<name>[^/]+)/;

/**
 * What Recently visited calls a page. The stock listener falls back to document.title, which
 * still holds the previous page's title when the visit is saved: Home appeared as
 * "inventory-service | Callboard" linking to /. The path names the page instead.
 */
export function visitName({ pathname }: { pathname: string }): string {
  const entity = ENTITY_PAGE.exec(pathname);
  if (entity?.groups) {
    return entity.groups.name;
  }
  if (pathname === '/') {
    return 'Home';
  }
  const path = pathname.replace(/^\/|\/$/g, '');
  try {
    return decodeURIComponent(path);
  } catch {
    // A malformed escape in a typed URL: show the path as it is.
    return path;
  }
}

/** Records page views for Recently visited, named by visitName. */
export function CallboardVisitListener() {
  return <VisitListener visitName={visitName} />;
}
