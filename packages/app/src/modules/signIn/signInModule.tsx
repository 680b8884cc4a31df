import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { ConfiguredSignInPage } from './ConfiguredSignInPage';

/**
 * The sign-in page is bundled with the app instead of loaded on demand: it renders on every
 * full page load, even a signed-in one (it restores the session), so a separate chunk only
 * added a round trip before the session check and everything after it.
 */
const callboardSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => ConfiguredSignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [callboardSignInPage],
});
