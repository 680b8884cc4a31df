import { Entity, isGroupEntity, isUserEntity } from '@backstage/catalog-model';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';

/**
 * Gives a Group or User without `metadata.title` its `spec.profile.displayName` as the title.
 * Org data (the GitHub org provider, LDAP, hand-written YAML) names teams and people in their
 * profile, while the catalog's pickers, search results and the entity page header read the
 * title and otherwise show the slug (`team-checkout` instead of "Checkout"). A title the entity
 * sets is kept, and a display name longer than the title limit is left where it is, so the limits
 * processor never refuses an entity for a title it did not write.
 */
export class ProfileTitleProcessor implements CatalogProcessor {
  constructor(private readonly titleLength: number) {}

  getProcessorName(): string {
    return 'CallboardProfileTitleProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (!isGroupEntity(entity) && !isUserEntity(entity)) return entity;
    if (entity.metadata.title !== undefined) return entity;
    const displayName = entity.spec?.profile?.displayName;
    if (typeof displayName !== 'string') return entity;
    const title = displayName.trim();
    if (title === '' || title.length > this.titleLength) return entity;
    return { ...entity, metadata: { ...entity.metadata, title } };
  }
}
