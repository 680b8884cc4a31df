import { parameterTitle } from './parameterTitle';

describe('parameterTitle', () => {
  const schema = {
    properties: {
      storageGB: { type: 'integer', title: 'Storage (GiB)' },
      version: { type: 'string' },
      instance_class: { type: 'string' },
      'backup-window': { type: 'string' },
      maxConnections: { type: 'integer', title: '  ' },
    },
  };

  it("uses the title the XRD's schema gives", () => {
    expect(parameterTitle(schema, 'storageGB')).toBe('Storage (GiB)');
  });

  it('puts a key without a title in words', () => {
    expect(parameterTitle(schema, 'version')).toBe('Version');
    expect(parameterTitle(schema, 'instance_class')).toBe('Instance class');
    expect(parameterTitle(schema, 'backup-window')).toBe('Backup window');
    expect(parameterTitle(schema, 'maxConnections')).toBe('Max Connections');
    expect(parameterTitle({}, 'storageGB')).toBe('Storage GB');
  });
});
