import { IdentityProviders, SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';

const PROVIDERS: Record<string, IdentityProviders[number]> = {
  guest: 'guest',
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with your GitHub account',
    apiRef: githubAuthApiRef,
  },
};

export function providersFromConfig(names: string[]): IdentityProviders {
  return names.map(name => {
    const provider = PROVIDERS[name];
    if (!provider) {
      throw new Error(
        `Unknown sign-in provider '${name}' in callboard.signIn.providers; expected one of: ${Object.keys(
          PROVIDERS,
        ).join(', ')}`,
      );
    }
    return provider;
  });
}

/**
 * Offers the sign-in providers named in `callboard.signIn.providers`: guest for local
 * development, GitHub in production. The backend refuses guest outside development anyway;
 * this keeps the button from being offered where it cannot work.
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('callboard.signIn.providers') ?? [
    'guest',
  ];
  return <SignInPage {...props} providers={providersFromConfig(names)} />;
}
