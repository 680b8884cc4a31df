import { useMemo } from 'react';
import { EntityLinksCard } from '@backstage/plugin-catalog';
import { EntityProvider, useEntity } from '@backstage/plugin-catalog-react';
import { withSafeLinks } from './safeLinks';

/**
 * Backstage's Links card, shown only the links it can render. Its link component throws on a
 * `javascript:` URL, which took the whole card down with a stack trace; the catalog now
 * refuses such links, and entities stored before that still render.
 */
export function SafeEntityLinksCard() {
  const { entity } = useEntity();
  const safeEntity = useMemo(() => withSafeLinks(entity), [entity]);
  return (
    <EntityProvider entity={safeEntity}>
      <EntityLinksCard />
    </EntityProvider>
  );
}
