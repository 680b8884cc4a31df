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
