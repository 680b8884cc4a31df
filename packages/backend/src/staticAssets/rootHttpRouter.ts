import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { Config } from '@backstage/config';
import fs from 'node:fs';
import { precompressedStaticAssets } from './precompressedStaticAssets';

/** The built app's static folder, as app-backend finds it; undefined when there is no build. */
export function appStaticDir(config: Config): string | undefined {
  const packageName = config.getOptionalString('app.packageName') ?? 'app';
  try {
    const staticDir = resolvePackagePath(packageName, 'dist', 'static');
    return fs.existsSync(staticDir) ? staticDir : undefined;
  } catch {
    // A backend deployed without the app package serves no app.
    return undefined;
  }
}

/** The path the app's static files are served under: `/static` below the app's base URL. */
export function appStaticPath(config: Config): string {
  const { pathname } = new URL(config.getString('app.baseUrl'));
  return `${pathname.replace(/\/+$/, '')}/static`;
}

/**
 * Backstage's root HTTP router with its default middleware, plus the app's precompressed static
 * files in front of live compression (docs/adr/0062-precompressed-static-assets.md).
 */
export const callboardRootHttpRouter = rootHttpRouterServiceFactory({
  configure({ app, config, middleware, applyDefaults }) {
    const staticDir = appStaticDir(config);
    if (staticDir) {
      app.use(
        appStaticPath(config),
        precompressedStaticAssets({
          staticDir,
          // Everything applyDefaults puts before the routes except compression.
          middleware: [
            middleware.helmet(),
            middleware.cors(),
            middleware.logging(),
            middleware.rateLimit(),
          ],
        }),
      );
    }
    applyDefaults();
  },
});
