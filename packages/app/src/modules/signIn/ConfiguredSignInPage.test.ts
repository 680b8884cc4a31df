import { providersFromConfig } from './ConfiguredSignInPage';

describe('providersFromConfig', () => {
  it('maps configured names to sign-in providers in order', () => {
    const providers = providersFromConfig(['github', 'guest']);
    expect(providers).toEqual([
      expect.objectContaining({ id: 'github-auth-provider', title: 'GitHub' }),
      'guest',
    ]);
  });

  it('names the unknown provider and the accepted ones', () => {
    expect(() => providersFromConfig(['gitlab'])).toThrow(
      "Unknown sign-in provider 'gitlab' in callboard.signIn.providers; expected one of: guest, github",
    );
  });
});
