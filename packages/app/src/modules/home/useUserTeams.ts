import {
  IdentityApi,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

export interface UserTeams {
  /** The signed-in user's catalog entity, when the catalog knows them. */
  user?: Entity;
  /** The groups the user is a direct member of, as catalog entities. */
  teams: Entity[];
}

/**
 * The signed-in user's teams, read from the catalog's memberOf relations of their User entity.
 * Identity's ownershipEntityRefs would also work for the guest, but a sign-in resolver may add
 * refs that are not teams (the user itself, or transitive parents), and cards want direct teams.
 */
export function useUserTeams() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(
    () => loadUserTeams(identityApi, catalogApi),
    [identityApi, catalogApi],
  );
}

export async function loadUserTeams(
  identityApi: IdentityApi,
  catalogApi: CatalogApi,
): Promise<UserTeams> {
  const { userEntityRef } = await identityApi.getBackstageIdentity();
  const user = await catalogApi.getEntityByRef(userEntityRef);
  const memberOf = (user?.relations ?? [])
    .filter(relation => relation.type === RELATION_MEMBER_OF)
    .map(relation => relation.targetRef);
  if (memberOf.length === 0) {
    return { user, teams: [] };
  }
  const { items } = await catalogApi.getEntitiesByRefs({
    entityRefs: memberOf,
  });
  const teams = items.filter((item): item is Entity => item !== undefined);
  return { user, teams };
}

export function teamRefs(teams: Entity[]): string[] {
  return teams.map(team => stringifyEntityRef(team));
}
