import { expect, test } from '@playwright/test';

test.describe('the home page', () => {
  test("greets the signed-in engineer with their team's components, the templates and quick actions", async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();

    // The guest is Ada Okafor of the Checkout team (app-config.yaml, catalog/demo/org.yaml).
    await expect(
      page.getByRole('heading', {
        name: /^Good (morning|afternoon|evening), Ada$/,
      }),
    ).toBeVisible();
    const teamComponents = page.getByRole('list', {
      name: "Your team's components",
    });
    await expect(
      teamComponents.getByRole('link', { name: 'Orders service' }),
    ).toBeVisible();
    await expect(
      teamComponents.getByRole('link', { name: 'Cart service' }),
    ).toBeVisible();
    // Another team's service is not listed.
    await expect(
      teamComponents.getByRole('link', { name: 'Inventory service' }),
    ).toHaveCount(0);

    await expect(
      page
        .getByRole('list', { name: 'Templates' })
        .getByRole('link', { name: 'Node.js service (golden path)' }),
    ).toBeVisible();
    await page
      .getByRole('list', { name: 'Quick actions' })
      .getByRole('link', { name: 'Create a service' })
      .click();
    // /create opens on its template list.
    await expect(page).toHaveURL(/\/create(\/templates)?(\?|$)/);
  });

  test('lists a visited entity under Recently visited', async ({ page }) => {
    // Another team's service, so no other card on Home links to it.
    await page.goto('/catalog/default/component/inventory-service');
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      page.getByRole('heading', { name: 'Inventory service' }).first(),
    ).toBeVisible();
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Home' })
      .filter({ hasText: 'Home' })
      .click();
    await expect(page.getByText('Recently Visited')).toBeVisible();
    await expect(
      page.getByRole('link', { name: /inventory-service|Inventory service/ }),
    ).toBeVisible();
  });
});
