import { Entity } from '@backstage/catalog-model';

/** The schemes the catalog accepts for metadata.links (see catalog-backend-module-callboard). */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function isSafe(url: unknown): boolean {
  if (typeof url !== 'string') {
    return false;
  }
  try {
    return SAFE_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** The entity with only the links a browser can follow safely. */
export function withSafeLinks(entity: Entity): Entity {
  const links = entity.metadata.links;
  if (!links || links.every(link => isSafe(link.url))) {
    return entity;
  }
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      links: links.filter(link => isSafe(link.url)),
    },
  };
}
