import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { FactCollector } from '@callboard/plugin-scorecards-node';

const runbookPattern = /runbook|playbook|on-?call/i;
const dashboardPattern = /dashboard|grafana|datadog|kibana/i;

function linkMatches(
  link: { url: string; title?: string; icon?: string; type?: string },
  pattern: RegExp,
) {
  return [link.title, link.icon, link.type, link.url].some(
    value => typeof value === 'string' && pattern.test(value),
  );
}

/** Facts read from the entity itself. */
export function createCatalogCollector(options: {
  /** Refs of groups whose `spec.type` counts as a team, e.g. from the catalog. */
  groupTypes: (
    entityRefs: string[],
  ) => Promise<Map<string, string | undefined>>;
}): FactCollector {
  return {
    id: 'catalog',
    title: 'Catalog',
    ttl: { hours: 2 },
    // Frequent and cheap: only changed values are written, and a fresh portal
    // has its catalog ingested within the first minutes.
    schedule: {
      frequency: { minutes: 2 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 30 },
    },
    batchSize: 500,
    facts: {
      hasDescription: {
        type: 'bool',
        description: 'metadata.description is set and not blank.',
      },
      ownerIsTeam: {
        type: 'bool',
        description:
          "The owner is a Group whose spec.type is 'team' (not a person or a department).",
      },
      lifecycle: {
        type: 'string',
        description: "spec.lifecycle, or '' when unset.",
      },
      hasSystem: { type: 'bool', description: 'spec.system is set.' },
      hasDocs: {
        type: 'bool',
        description: 'The backstage.io/techdocs-ref annotation is set.',
      },
      providedApis: {
        type: 'int',
        description: 'How many APIs the entity provides (providesApis).',
      },
      hasRunbook: {
        type: 'bool',
        description:
          'A link whose title, icon or URL names a runbook, playbook or on-call.',
      },
      hasDashboard: {
        type: 'bool',
        description:
          'A link whose title, icon or URL names a dashboard (Grafana, Datadog, Kibana).',
      },
      tags: { type: 'list<string>', description: 'metadata.tags.' },
    },
    async collect(entities: Entity[]) {
      const owners = entities.map(
        entity =>
          entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef,
      );
      const groupRefs = [
        ...new Set(
          owners.filter(
            (ref): ref is string =>
              ref !== undefined && parseEntityRef(ref).kind === 'group',
          ),
        ),
      ];
      const types = groupRefs.length
        ? await options.groupTypes(groupRefs)
        : new Map();
      return entities.map((entity, index) => {
        const links = entity.metadata.links ?? [];
        const owner = owners[index];
        return {
          entityRef: stringifyEntityRef(entity),
          facts: {
            hasDescription: Boolean(entity.metadata.description?.trim()),
            ownerIsTeam: owner !== undefined && types.get(owner) === 'team',
            lifecycle:
              typeof entity.spec?.lifecycle === 'string'
                ? entity.spec.lifecycle
                : '',
            hasSystem:
              typeof entity.spec?.system === 'string' &&
              entity.spec.system !== '',
            hasDocs: Boolean(
              entity.metadata.annotations?.['backstage.io/techdocs-ref'],
            ),
            providedApis: Array.isArray(entity.spec?.providesApis)
              ? entity.spec.providesApis.length
              : 0,
            hasRunbook: links.some(link => linkMatches(link, runbookPattern)),
            hasDashboard: links.some(link =>
              linkMatches(link, dashboardPattern),
            ),
            tags: entity.metadata.tags ?? [],
          },
        };
      });
    },
  };
}
