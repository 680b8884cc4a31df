import { ConfigReader } from '@backstage/config';
import { appStaticDir, appStaticPath } from './rootHttpRouter';

describe('appStaticPath', () => {
  it.each([
    ['http://localhost:3000', '/static'],
    ['https://portal.example.com/', '/static'],
    ['https://example.com/portal', '/portal/static'],
    ['https://example.com/portal/', '/portal/static'],
  ])('serves an app at %s from %s', (baseUrl, expected) => {
    expect(appStaticPath(new ConfigReader({ app: { baseUrl } }))).toBe(
      expected,
    );
  });
});

describe('appStaticDir', () => {
  it('finds nothing to serve when the app package is not installed', () => {
    const config = new ConfigReader({
      app: { packageName: '@callboard/no-such-app' },
    });

    expect(appStaticDir(config)).toBeUndefined();
  });
});
