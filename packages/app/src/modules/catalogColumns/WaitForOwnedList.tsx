import { useEffect } from 'react';
import {
  EntityUserFilter,
  useEntityList,
} from '@backstage/plugin-catalog-react';

/**
 * Holds the catalog's list until the list picker takes over the "Owned" filter (ADR 0065).
 *
 * Each filter picker loads lazily and mounts when React gets to it. On a busy machine the kind
 * picker can mount seconds before the list picker, and the list provider would fetch everyone's
 * components with the kind alone. This registers, on the page's first render, the same waiting
 * "Owned" filter the patched list picker registers while the user's ownership loads, so the
 * provider holds the list. The picker replaces it in its first effect; it withdraws it when the
 * identity cannot be loaded, as stock does.
 */
export function WaitForOwnedList() {
  const { updateFilters, queryParameters } = useEntityList();
  const requested = [queryParameters.user].flat()[0];
  const opensOnOwned = requested === undefined || requested === 'owned';
  useEffect(() => {
    if (!opensOnOwned) return;
    // A picker that mounted first owns the filter already; never overwrite it.
    updateFilters(registered =>
      registered.user ? {} : { user: awaitingOwnership() },
    );
    // Only on the page's first render: from then on the list picker owns the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

/** The patched provider recognises this shape ("owned", no references yet) and holds the list. */
function awaitingOwnership(): EntityUserFilter {
  return EntityUserFilter.owned(undefined as unknown as string[]);
}
