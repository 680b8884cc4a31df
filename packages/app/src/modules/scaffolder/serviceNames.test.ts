import { freeMessage, ServiceNameCheck, takenMessage } from './serviceNames';

const github = { host: 'localhost:7010', owner: 'tidewater' };

function check(overrides: Partial<ServiceNameCheck>): ServiceNameCheck {
  return {
    name: 'orders-service',
    catalog: { taken: [] },
    github: { ...github, state: 'free' },
    available: true,
    ...overrides,
  };
}

describe('what the name field says', () => {
  it('names both places a name is taken', () => {
    expect(
      takenMessage(
        check({
          catalog: { taken: ['component:default/orders-service'] },
          github: { ...github, state: 'taken', url: 'http://x' },
          available: false,
        }),
      ),
    ).toBe(
      'orders-service is taken: the catalog already has component:default/orders-service and tidewater/orders-service already exists on localhost:7010',
    );
  });

  it('names the catalog entity alone when GitHub has no repository of that name', () => {
    expect(
      takenMessage(
        check({
          catalog: { taken: ['api:default/orders-service-api'] },
          available: false,
        }),
      ),
    ).toBe(
      'orders-service is taken: the catalog already has api:default/orders-service-api',
    );
  });

  it("shows the naming rule's sentence for an invalid name", () => {
    expect(
      takenMessage(
        check({
          name: 'Orders',
          invalid: 'Use 3 to 40 lowercase letters',
          available: false,
        }),
      ),
    ).toBe('Use 3 to 40 lowercase letters');
  });

  it('says a free name is free, and where', () => {
    expect(takenMessage(check({}))).toBeUndefined();
    expect(freeMessage(check({}))).toBe(
      'orders-service is free in the catalog and on localhost:7010/tidewater',
    );
  });

  it('says when GitHub could not be asked, without calling the name taken', () => {
    const unknown = check({
      github: { ...github, state: 'unknown', reason: 'No GitHub integration' },
    });
    expect(takenMessage(unknown)).toBeUndefined();
    expect(freeMessage(unknown)).toBe(
      'orders-service is free in the catalog; localhost:7010/tidewater could not be asked (No GitHub integration), so publishing will tell',
    );
  });
});
