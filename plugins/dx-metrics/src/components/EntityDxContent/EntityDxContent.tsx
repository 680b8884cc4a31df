import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { FiguresPanel } from '../FiguresPanel';

/** The DX metrics tab of a component, or of a group (rolled up over its services). */
export function EntityDxContent() {
  const { entity } = useEntity();
  return <FiguresPanel entityRef={stringifyEntityRef(entity)} />;
}
