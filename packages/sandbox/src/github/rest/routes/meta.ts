import { json, route } from '../RouteDefinition';

/** GHES release the sandbox's API surface follows (the OpenAPI description it is checked against). */
export const EMULATED_GHES_VERSION = '3.19.0';

/** Rate-limit status and instance metadata. */
export const metaRoutes = [
  route('GET', '/rate_limit', request => {
    const { limit, remaining, used, reset } = request.rateLimit;
    const core = { limit, remaining, used, reset };
    const idle = (max: number) => ({
      limit: max,
      remaining: max,
      used: 0,
      reset,
    });
    return json(200, {
      resources: {
        core,
        search: idle(30),
        graphql: idle(5000),
        integration_manifest: idle(5000),
        code_search: idle(10),
      },
      rate: core,
    });
  }),

  route('GET', '/meta', () =>
    json(200, {
      verifiable_password_authentication: false,
      installed_version: EMULATED_GHES_VERSION,
    }),
  ),
];
