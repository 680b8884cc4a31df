import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OrgTree } from './orgTree';

/** What one caller may read of the catalog, as the rollups need it. */
export type CallerView = {
  /** Every entity the caller can read. */
  readable: ReadonlySet<string>;
  tree: OrgTree;
  systems: ReadonlyMap<string, { title: string; domainRef?: string }>;
};

const refFields = ['kind', 'metadata.namespace', 'metadata.name'];

function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/**
 * Each caller's view of the catalog, asked with their credentials and kept
 * for a minute (as the DX team figures do, ADR 0056): asking the catalog for
 * every readable entity was most of a rollup's time. Views are per principal,
 * never shared, so permissions decide what each caller's rollups count.
 */
export class CallerViews {
  readonly #views = new Map<
    string,
    { expires: number; view: Promise<CallerView> }
  >();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  get(credentials: BackstageCredentials): Promise<CallerView> {
    const now = this.options.now?.() ?? Date.now();
    for (const [key, entry] of this.#views) {
      if (entry.expires <= now) this.#views.delete(key);
    }
    const key = principalOf(credentials);
    const hit = this.#views.get(key);
    if (hit) return hit.view;
    const view = this.#load(credentials);
    this.#views.set(key, { expires: now + this.options.ttlMs, view });
    // A failed load is not kept: the next request asks again.
    view.catch(() => this.#views.delete(key));
    return view;
  }

  async #load(credentials: BackstageCredentials): Promise<CallerView> {
    const { catalog } = this.options;
    const [visible, groups, systems] = await Promise.all([
      catalog.getEntities({ fields: refFields }, { credentials }),
      catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: [
            ...refFields,
            'metadata.title',
            'spec.type',
            'spec.parent',
            'spec.profile.displayName',
          ],
        },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: { kind: 'System' },
          fields: [...refFields, 'metadata.title', 'spec.domain'],
        },
        { credentials },
      ),
    ]);
    return {
      readable: new Set(visible.items.map(e => stringifyEntityRef(e))),
      tree: new OrgTree(
        groups.items.map(g => {
          const parent = g.spec?.parent;
          return {
            ref: stringifyEntityRef(g),
            title:
              (g.spec?.profile as { displayName?: string } | undefined)
                ?.displayName ??
              g.metadata.title ??
              g.metadata.name,
            type: typeof g.spec?.type === 'string' ? g.spec.type : undefined,
            parentRef:
              typeof parent === 'string'
                ? stringifyEntityRef(
                    parseEntityRef(parent, {
                      defaultKind: 'group',
                      defaultNamespace: g.metadata.namespace ?? 'default',
                    }),
                  )
                : undefined,
          };
        }),
      ),
      systems: new Map(
        systems.items.map(s => [
          stringifyEntityRef(s),
          {
            title: s.metadata.title ?? s.metadata.name,
            domainRef:
              typeof s.spec?.domain === 'string'
                ? stringifyEntityRef(
                    parseEntityRef(s.spec.domain, {
                      defaultKind: 'domain',
                      defaultNamespace: s.metadata.namespace ?? 'default',
                    }),
                  )
                : undefined,
          },
        ]),
      ),
    };
  }
}
