/** Signs in through the guest provider the way the app's sign-in page does, returning the token. */
export async function guestToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(
      `Guest sign-in failed with ${response.status}: ${await response.text()}`,
    );
  }
  const body = await response.json();
  return body.backstageIdentity.token;
}

/**
 * Signs in as a catalog user through the development-only `devUsers` provider, which the
 * backend must have configured with that user in `auth.providers.devUsers.users`.
 */
export async function devUserToken(
  baseUrl: string,
  userName: string,
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/devUsers/refresh`, {
    headers: {
      'x-requested-with': 'XMLHttpRequest',
      'x-callboard-dev-user': userName,
    },
  });
  if (!response.ok) {
    throw new Error(
      `Signing in as ${userName} failed with ${
        response.status
      }: ${await response.text()}`,
    );
  }
  const body = await response.json();
  return body.backstageIdentity.token;
}
