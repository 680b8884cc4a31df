import { AppNode } from '@backstage/frontend-plugin-api';
import { listPickerOpensOnOwned } from './listPickerOpensOnOwned';

const filterNode = (id: string, config?: unknown) =>
  ({ spec: { id, config } } as unknown as AppNode);

describe('listPickerOpensOnOwned', () => {
  it('is true for the stock list picker, which opens on Owned', () => {
    expect(
      listPickerOpensOnOwned([
        filterNode('catalog-filter:catalog/kind'),
        filterNode('catalog-filter:catalog/list'),
      ]),
    ).toBe(true);
  });

  it('follows the initialFilter app-config gives the list picker', () => {
    for (const initialFilter of ['all', 'starred']) {
      expect(
        listPickerOpensOnOwned([
          filterNode('catalog-filter:catalog/list', { initialFilter }),
        ]),
      ).toBe(false);
    }
    expect(
      listPickerOpensOnOwned([
        filterNode('catalog-filter:catalog/list', { initialFilter: 'owned' }),
      ]),
    ).toBe(true);
  });

  it('is false when app-config disables the list picker', () => {
    expect(
      listPickerOpensOnOwned([filterNode('catalog-filter:catalog/kind')]),
    ).toBe(false);
  });
});
