import { AppNode } from '@backstage/frontend-plugin-api';

const LIST_PICKER_ID = 'catalog-filter:catalog/list';

/**
 * Whether the page's list picker ("Owned", "Starred", "All") opens on "Owned": stock's default,
 * unless app-config gives the picker another `initialFilter` or disables it.
 */
export function listPickerOpensOnOwned(filterNodes: AppNode[]): boolean {
  const listPicker = filterNodes.find(node => node.spec.id === LIST_PICKER_ID);
  if (!listPicker) return false;
  const config = listPicker.spec.config as
    | { initialFilter?: unknown }
    | undefined;
  return (config?.initialFilter ?? 'owned') === 'owned';
}
