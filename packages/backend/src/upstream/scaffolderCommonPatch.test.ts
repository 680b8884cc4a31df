/**
 * `.yarn/patches/@backstage-plugin-scaffolder-common-*.patch` makes the Template kind's schema
 * compile on first use instead of at import: every page load of the app imports the module, and
 * the compile took about 80 ms of the browser's main thread (ADR 0061). These tests fail when an
 * upgrade drops the patch, and check that validation itself did not change.
 */
import * as catalogModel from '@backstage/catalog-model';

jest.mock('@backstage/catalog-model', () => {
  const actual = jest.requireActual('@backstage/catalog-model');
  return {
    ...actual,
    entityKindSchemaValidator: jest.fn(actual.entityKindSchemaValidator),
  };
});

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'golden-path' },
  spec: {
    type: 'service',
    steps: [{ id: 'fetch', action: 'fetch:template', input: {} }],
  },
};

describe('the patched Template validator', () => {
  it('compiles nothing when the module is imported', () => {
    let compile: jest.Mock | undefined;
    jest.isolateModules(() => {
      compile = require('@backstage/catalog-model').entityKindSchemaValidator;
      require('@backstage/plugin-scaffolder-common');
    });
    expect(compile).toBeDefined();
    expect(compile).not.toHaveBeenCalled();
  });

  it('accepts a valid template and compiles its schema once', async () => {
    const { templateEntityV1beta3Validator } = jest.requireActual(
      '@backstage/plugin-scaffolder-common',
    );
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
    expect(catalogModel.entityKindSchemaValidator).toHaveBeenCalledTimes(1);
  });

  it('still names what is wrong in an invalid template', async () => {
    const { templateEntityV1beta3Validator } = jest.requireActual(
      '@backstage/plugin-scaffolder-common',
    );
    await expect(
      templateEntityV1beta3Validator.check({
        ...template,
        spec: { ...template.spec, steps: 'not a list' },
      }),
    ).rejects.toThrow(/steps/);
  });

  it('leaves other kinds to their own validators', async () => {
    const { templateEntityV1beta3Validator } = jest.requireActual(
      '@backstage/plugin-scaffolder-common',
    );
    await expect(
      templateEntityV1beta3Validator.check({ ...template, kind: 'Component' }),
    ).resolves.toBe(false);
  });
});
