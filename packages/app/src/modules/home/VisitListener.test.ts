import { visitName } from './VisitListener';

describe('visitName', () => {
  it.each([
    ['/', 'Home'],
    ['/catalog/default/component/inventory-service', 'inventory-service'],
    ['/catalog/default/component/inventory-service/docs', 'inventory-service'],
    [
      '/create/templates/default/service-nodejs',
      'create/templates/default/service-nodejs',
    ],
    ['/api-docs/', 'api-docs'],
    ['/search/a%20b', 'search/a b'],
    ['/search/%E0', 'search/%E0'],
  ])(
    'names %s as %s, whatever the document title still says',
    (pathname, name) => {
      expect(visitName({ pathname })).toBe(name);
    },
  );
});
