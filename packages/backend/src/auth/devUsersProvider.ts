import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

export const DEV_USER_HEADER = 'x-callboard-dev-user';

/**
 * Development and test sign-in as one of a configured list of catalog users, named in a
 * request header. Tests need several identities at once (the guest, a second engineer, a
 * platform admin) and the guest provider has exactly one. Like the guest provider it refuses
 * outside NODE_ENV=development, and it is only active when `auth.providers.devUsers` is
 * configured, which no committed config does.
 */
export const authModuleDevUsersProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'callboard-dev-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const users =
          config.getOptionalStringArray('auth.providers.devUsers.users') ?? [];
        providers.registerProvider({
          providerId: 'devUsers',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: {
                userName: string;
              }) => ({
                profile: { displayName: result.userName },
              }),
              initialize() {},
              async authenticate({ req }) {
                if (process.env.NODE_ENV !== 'development') {
                  throw new NotAllowedError(
                    'The devUsers sign-in provider is for development only',
                  );
                }
                const userName = req.header(DEV_USER_HEADER);
                if (!userName || !users.includes(userName)) {
                  throw new AuthenticationError(
                    `Header ${DEV_USER_HEADER} must name one of auth.providers.devUsers.users (${users.join(
                      ', ',
                    )}), got '${userName ?? ''}'`,
                  );
                }
                return { result: { userName } };
              },
            }),
            // As GitHub sign-in does in production: the catalog User of that name, with the
            // ownership the catalog gives it.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              }),
          }),
        });
      },
    });
  },
});
