import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ComponentScope } from '../Metrics/types';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** Where a component's DX data comes from, or why it has none. */
export type Attribution =
  | { ok: true; slug: string; scope: ComponentScope }
  | { ok: false; reason: string };

/**
 * The folder `backstage.io/source-location` points at inside the repository, e.g.
 * `url:https://github.com/acme/mono/tree/main/services/api/` → `services/api`.
 */
export function sourcePathOf(entity: Entity): string | undefined {
  const location = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
  if (!location) {
    return undefined;
  }
  try {
    const { target } = parseLocationRef(location);
    const match = /\/(?:tree|blob)\/[^/]+\/(.+?)\/?$/.exec(
      new URL(target).pathname,
    );
    return match?.[1] || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A component's repository and, in a monorepo (several components with the same
 * `github.com/project-slug`), the folder its `backstage.io/source-location` names.
 */
export function attributionsOf(entities: Entity[]): Map<string, Attribution> {
  const bySlug = new Map<string, Entity[]>();
  const result = new Map<string, Attribution>();
  for (const entity of entities) {
    const slug = entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.trim();
    const ref = stringifyEntityRef(entity);
    if (!slug) {
      result.set(ref, {
        ok: false,
        reason: `No ${PROJECT_SLUG_ANNOTATION} annotation: Callboard cannot tell which GitHub repository holds ${ref}.`,
      });
      continue;
    }
    if (!/^[\w.-]+\/[\w.-]+$/.test(slug)) {
      result.set(ref, {
        ok: false,
        reason: `The ${PROJECT_SLUG_ANNOTATION} annotation '${slug}' is not of the form owner/repository.`,
      });
      continue;
    }
    const key = slug.toLowerCase();
    bySlug.set(key, [...(bySlug.get(key) ?? []), entity]);
  }
  for (const [slug, sharing] of bySlug) {
    const split = sharing.length > 1;
    for (const entity of sharing) {
      const path = split ? sourcePathOf(entity) : undefined;
      result.set(stringifyEntityRef(entity), {
        ok: true,
        slug,
        scope: { name: entity.metadata.name, path },
      });
    }
  }
  return result;
}
