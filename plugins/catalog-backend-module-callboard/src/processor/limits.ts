import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';

export type EntityLimits = {
  entityBytes: number;
  titleLength: number;
  descriptionLength: number;
  links: number;
  linkUrlLength: number;
  tags: number;
  annotationValueLength: number;
};

export type EntityRules = {
  limits: EntityLimits;
  /** Lower case, without the colon. */
  linkSchemes: readonly string[];
};

/** Generous for real catalogs, small enough that a page of 20 entities stays light. */
export const DEFAULT_RULES: EntityRules = {
  limits: {
    entityBytes: 1024 * 1024,
    titleLength: 200,
    descriptionLength: 2000,
    links: 20,
    linkUrlLength: 2048,
    tags: 50,
    annotationValueLength: 4096,
  },
  linkSchemes: ['http', 'https', 'mailto'],
};

export function readEntityRules(config: Config): EntityRules {
  const section = config.getOptionalConfig('callboard.catalog');
  const limitsConfig = section?.getOptionalConfig('limits');
  const limits = { ...DEFAULT_RULES.limits };
  for (const key of Object.keys(limits) as (keyof EntityLimits)[]) {
    const value = limitsConfig?.getOptionalNumber(key);
    if (value !== undefined) {
      if (!Number.isInteger(value) || value < 0) {
        throw new Error(
          `callboard.catalog.limits.${key} must be a whole number of 0 or more, got ${value}`,
        );
      }
      limits[key] = value;
    }
  }
  const linkSchemes = (
    section?.getOptionalStringArray('linkSchemes') ?? DEFAULT_RULES.linkSchemes
  ).map(scheme => scheme.replace(/:$/, '').toLocaleLowerCase('en-US'));
  return { limits, linkSchemes };
}

/** What is wrong with an entity, one sentence per problem, each naming the field and the limit. */
export function entityViolations(entity: Entity, rules: EntityRules): string[] {
  const { limits } = rules;
  const violations: string[] = [];
  const tooLong = (field: string, value: unknown, max: number) => {
    if (typeof value === 'string' && value.length > max) {
      violations.push(
        `${field} is ${value.length} characters long; the limit is ${max}`,
      );
    }
  };
  const tooMany = (field: string, value: unknown, max: number) => {
    if (Array.isArray(value) && value.length > max) {
      violations.push(
        `${field} has ${value.length} entries; the limit is ${max}`,
      );
    }
  };

  const bytes = Buffer.byteLength(JSON.stringify(entity), 'utf8');
  if (bytes > limits.entityBytes) {
    violations.push(
      `the entity is ${bytes} bytes; the limit is ${limits.entityBytes} bytes`,
    );
  }
  const { metadata } = entity;
  tooLong('metadata.title', metadata.title, limits.titleLength);
  tooLong(
    'metadata.description',
    metadata.description,
    limits.descriptionLength,
  );
  tooMany('metadata.tags', metadata.tags, limits.tags);
  for (const field of ['annotations', 'labels'] as const) {
    for (const [key, value] of Object.entries(metadata[field] ?? {})) {
      tooLong(
        `metadata.${field}['${key}']`,
        value,
        limits.annotationValueLength,
      );
    }
  }
  tooMany('metadata.links', metadata.links, limits.links);
  (metadata.links ?? []).forEach((link, index) => {
    const field = `metadata.links[${index}].url`;
    tooLong(field, link.url, limits.linkUrlLength);
    const scheme = schemeOf(link.url);
    if (scheme === undefined || !rules.linkSchemes.includes(scheme)) {
      violations.push(
        `${field} '${preview(link.url)}' ${
          scheme === undefined
            ? 'is not an absolute URL'
            : `uses scheme '${scheme}'`
        }; allowed schemes are ${rules.linkSchemes.join(', ')}`,
      );
    }
  });
  return violations;
}

function schemeOf(url: unknown): string | undefined {
  if (typeof url !== 'string') {
    return undefined;
  }
  try {
    // WHATWG parsing, as browsers do: it strips the tabs, newlines and leading spaces that
    // smuggle "java\nscript:" past naive prefix checks.
    return new URL(url).protocol.replace(/:$/, '');
  } catch {
    return undefined;
  }
}

function preview(value: unknown): string {
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
