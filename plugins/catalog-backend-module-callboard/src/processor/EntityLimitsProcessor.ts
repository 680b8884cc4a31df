import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { entityViolations, EntityRules } from './limits';

/**
 * Fails an entity that is over a size limit or links to an unsafe scheme. It runs after
 * placeholders are resolved, so $text definitions count. Each entity is processed on its
 * own, so the rest of its location still loads.
 */
export class EntityLimitsProcessor implements CatalogProcessor {
  constructor(private readonly rules: EntityRules) {}

  getProcessorName(): string {
    return 'CallboardEntityLimitsProcessor';
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    const violations = entityViolations(entity, this.rules);
    if (violations.length > 0) {
      throw new InputError(
        `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
          entity.metadata.name
        } was refused: ${violations.join('; ')}`,
      );
    }
    return entity;
  }
}
