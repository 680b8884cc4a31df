import { createMockDirectory } from '@backstage/backend-test-utils';
import { validateCatalogInfo } from './catalogInfo';

const component = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-payments
`;

const api = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-api-api
spec:
  type: openapi
  lifecycle: experimental
  owner: group:default/team-payments
  definition:
    $text: ./openapi.yaml
`;

describe('validateCatalogInfo', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  it('accepts valid entities and resolves $text placeholders next to the file', async () => {
    mockDir.setContent({
      'catalog-info.yaml': `${component}---\n${api}`,
      'openapi.yaml': 'openapi: 3.0.3\n',
    });
    const result = await validateCatalogInfo(mockDir.path, 'catalog-info.yaml');
    expect(result.issues).toEqual([]);
    expect(result.entities.map(entity => entity.kind)).toEqual([
      'Component',
      'API',
    ]);
    expect(result.entities[1].spec?.definition).toBe('openapi: 3.0.3\n');
    expect(result.entities[0].metadata.namespace).toBe('default');
  });

  it('names the entity and the schema problem of an invalid component', async () => {
    mockDir.setContent({
      'catalog-info.yaml': component.replace(
        '  owner: group:default/team-payments\n',
        '',
      ),
    });
    const result = await validateCatalogInfo(mockDir.path, 'catalog-info.yaml');
    expect(result.entities).toEqual([]);
    expect(result.issues).toEqual([
      {
        file: 'catalog-info.yaml',
        problem: expect.stringMatching(
          /^Component 'payments-api' is not a valid catalog entity: .*owner/,
        ),
      },
    ]);
  });

  it('refuses invalid entity names through the field format policy', async () => {
    mockDir.setContent({
      'catalog-info.yaml': component.replace(
        'name: payments-api',
        'name: Payments API!',
      ),
    });
    const result = await validateCatalogInfo(mockDir.path, 'catalog-info.yaml');
    expect(result.issues[0].problem).toContain('metadata.name');
  });

  it('refuses kinds the catalog does not know', async () => {
    mockDir.setContent({
      'catalog-info.yaml': component.replace(
        'kind: Component',
        'kind: Service',
      ),
    });
    const result = await validateCatalogInfo(mockDir.path, 'catalog-info.yaml');
    expect(result.issues[0].problem).toContain(
      "kind 'Service' is not a known catalog kind",
    );
  });

  it('reports a placeholder whose file is missing', async () => {
    mockDir.setContent({ 'catalog-info.yaml': api });
    const result = await validateCatalogInfo(mockDir.path, 'catalog-info.yaml');
    expect(result.issues[0].problem).toContain(
      "placeholder $text target './openapi.yaml' cannot be read",
    );
  });

  it('refuses placeholders that leave the repository', async () => {
    mockDir.setContent({
      'catalog-info.yaml': api.replace('./openapi.yaml', '../../etc/passwd'),
    });
    const result = await validateCatalogInfo(mockDir.path, 'catalog-info.yaml');
    expect(result.issues[0].problem).toContain('cannot be read');
    expect(result.entities).toEqual([]);
  });

  it('reports YAML that does not parse and files without entities', async () => {
    mockDir.setContent({ 'a.yaml': 'a: [', 'b.yaml': '# empty\n' });
    expect(
      (await validateCatalogInfo(mockDir.path, 'a.yaml')).issues[0].problem,
    ).toMatch(/^YAML does not parse/);
    expect((await validateCatalogInfo(mockDir.path, 'b.yaml')).issues).toEqual([
      { file: 'b.yaml', problem: 'contains no entity' },
    ]);
  });
});
