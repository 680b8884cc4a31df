import { expect, Page } from '@playwright/test';

/**
 * Signs in through the sign-in page's guest button as a catalog user other than the guest.
 * The guest provider has one identity (Ada, a plain member of team-checkout), so the button's
 * token request goes to the backend's development-only `devUsers` provider instead, which
 * signs in the named user of `auth.providers.devUsers.users` (app-config.e2e.yaml) with the
 * ownership the catalog gives them, as a real sign-in would.
 */
export async function signInAs(page: Page, userName: string) {
  await page.route('**/api/auth/guest/refresh*', route =>
    route.continue({
      url: route
        .request()
        .url()
        .replace('/api/auth/guest/', '/api/auth/devUsers/'),
      headers: {
        ...route.request().headers(),
        'x-callboard-dev-user': userName,
      },
    }),
  );
  await signInAsGuest(page);
}

/** Signs in with the sign-in page's guest button: Ada Okafor, a plain member of team-checkout. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
