import { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Progress } from '@backstage/core-components';

const ROOT_PARAM = 'rootEntityRefs[]';

/**
 * The ref the graph should open on: the signed-in user's first team, or the
 * user when they belong to none.
 */
export function teamRefOf(identity: {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}): string {
  return (
    identity.ownershipEntityRefs.find(
      ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
    ) ?? identity.userEntityRef
  );
}

/**
 * The Catalog Graph page opened from the sidebar has no root entity and shows
 * an empty canvas. Without roots in the URL, this sends the user to the same
 * page rooted at their team; links that carry roots render unchanged.
 */
export function OpenOnTeam(props: { children: ReactNode }) {
  const location = useLocation();
  const identityApi = useApi(identityApiRef);
  const params = new URLSearchParams(location.search);
  const hasRoots = params.has(ROOT_PARAM);
  const identity = useAsync(
    async () => (hasRoots ? undefined : identityApi.getBackstageIdentity()),
    [hasRoots, identityApi],
  );
  if (hasRoots) {
    return <>{props.children}</>;
  }
  if (identity.loading) {
    return <Progress />;
  }
  if (!identity.value) {
    // Without an identity there is nothing better to root on than the plain page.
    return <>{props.children}</>;
  }
  params.append(ROOT_PARAM, teamRefOf(identity.value));
  return (
    <Navigate
      replace
      to={{ pathname: location.pathname, search: `?${params}` }}
    />
  );
}
