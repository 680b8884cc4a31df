import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const callboardSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { ConfiguredSignInPage } = await import('./ConfiguredSignInPage');
      return ConfiguredSignInPage;
    },
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [callboardSignInPage],
});
