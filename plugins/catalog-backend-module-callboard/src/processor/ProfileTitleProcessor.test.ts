import { Entity } from '@backstage/catalog-model';
import { ProfileTitleProcessor } from './ProfileTitleProcessor';
import { DEFAULT_RULES } from './limits';

const processor = new ProfileTitleProcessor(DEFAULT_RULES.limits.titleLength);
const preProcess = (entity: Entity) => processor.preProcessEntity(entity);

function group(
  metadata: Partial<Entity['metadata']> = {},
  profile?: Record<string, unknown>,
): Entity {
  const spec: Record<string, unknown> = { type: 'team', children: [] };
  if (profile) spec.profile = profile;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', ...metadata },
    spec: spec as Entity['spec'],
  };
}

describe('ProfileTitleProcessor', () => {
  it("titles a team with its profile's display name", async () => {
    const processed = await preProcess(
      group(
        {},
        { displayName: 'Checkout', email: 'checkout@tidewater.example' },
      ),
    );
    expect(processed.metadata).toEqual({
      name: 'team-checkout',
      title: 'Checkout',
    });
    expect(processed.spec).toEqual(
      group(
        {},
        {
          displayName: 'Checkout',
          email: 'checkout@tidewater.example',
        },
      ).spec,
    );
  });

  it("titles a person with their profile's display name", async () => {
    const user: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'ada.okafor' },
      spec: { profile: { displayName: ' Ada Okafor ' }, memberOf: [] },
    };
    expect((await preProcess(user)).metadata.title).toBe('Ada Okafor');
  });

  it('keeps a title the entity sets', async () => {
    const processed = await preProcess(
      group({ title: 'Checkout & Payments' }, { displayName: 'Checkout' }),
    );
    expect(processed.metadata.title).toBe('Checkout & Payments');
  });

  it.each<[string, Entity]>([
    ['no profile', group()],
    ['a profile without a display name', group({}, { email: 'c@t.example' })],
    ['a blank display name', group({}, { displayName: '  ' })],
    ['a display name that is not a string', group({}, { displayName: 42 })],
    [
      'a display name over the title limit',
      group({}, { displayName: 'C'.repeat(201) }),
    ],
  ])('leaves a team with %s untitled', async (_, entity) => {
    const processed = await preProcess(entity);
    expect(processed).toBe(entity);
    expect(processed.metadata.title).toBeUndefined();
  });

  it('leaves other kinds alone', async () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders-service' },
      spec: { profile: { displayName: 'Orders' } },
    };
    expect(await preProcess(component)).toBe(component);
  });
});
