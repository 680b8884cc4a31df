/** A request for objects of one resource, decoded from a Kubernetes REST path. */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` path form, equivalent to `?watch=true`. */
  legacyWatch: boolean;
}

export type ApiPath =
  | { type: 'resource'; path: ResourcePath }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'group'; group: string }
  | { type: 'coreRoot' }
  | { type: 'groupsRoot' }
  | { type: 'other' };

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function parseResourceSegments(
  group: string,
  version: string,
  segments: string[],
): ApiPath {
  let rest = segments;
  const legacyWatch = rest[0] === 'watch';
  if (legacyWatch) rest = rest.slice(1);
  let namespace: string | undefined;
  // `/namespaces/<ns>/status` and `/finalize` address the namespace itself, not a resource in it.
  const namespaceSubresource =
    rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return { type: 'other' };
  const [resource, name, subresource] = rest;
  return {
    type: 'resource',
    path: {
      group,
      version,
      namespace,
      resource,
      name,
      subresource,
      legacyWatch,
    },
  };
}

export function parseApiPath(pathname: string): ApiPath {
  const segments = decodeSegments(pathname);
  if (!segments) return { type: 'other' };
  if (segments[0] === 'api') {
    if (segments.length === 1) return { type: 'coreRoot' };
    if (segments.length === 2)
      return { type: 'groupVersion', group: '', version: segments[1] };
    return parseResourceSegments('', segments[1], segments.slice(2));
  }
  if (segments[0] === 'apis') {
    if (segments.length === 1) return { type: 'groupsRoot' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    if (segments.length === 3)
      return { type: 'groupVersion', group: segments[1], version: segments[2] };
    return parseResourceSegments(segments[1], segments[2], segments.slice(3));
  }
  return { type: 'other' };
}
