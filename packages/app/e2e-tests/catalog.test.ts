import { expect, Page, test } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/catalog');
  await page.getByRole('button', { name: 'Enter' }).click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

function catalogTable(page: Page) {
  return page.getByRole('table');
}

/** The list the catalog opens on: the signed-in engineer's team components. */
async function expectOwnedComponents(page: Page) {
  await expect(
    page.getByRole('heading', { name: /Owned Components \(\d+\)/ }).first(),
  ).toBeVisible();
  await expect(
    catalogTable(page).getByRole('link', { name: 'Orders service' }),
  ).toBeVisible();
}

test.describe('browsing the catalog', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("lands on the signed-in engineer's team components, then lists all", async ({
    page,
  }) => {
    await expectOwnedComponents(page);
    await expect(
      catalogTable(page).getByRole('link', { name: 'Inventory service' }),
    ).toHaveCount(0);

    await page.getByRole('menuitem', { name: /^All \d+/ }).click();
    await expect(
      page.getByRole('heading', { name: /All Components \(\d+\)/ }).first(),
    ).toBeVisible();
    await expect(
      catalogTable(page).getByRole('link', { name: 'Inventory service' }),
    ).toBeVisible();
  });

  test("asks only for the user's own components on opening, never everyone's first", async ({
    page,
  }) => {
    const listQueries: URLSearchParams[] = [];
    page.on('request', request => {
      const url = new URL(request.url());
      if (
        url.pathname === '/api/catalog/entities/by-query' &&
        url.searchParams.get('limit') !== '0'
      ) {
        listQueries.push(url.searchParams);
      }
    });
    await page.goto('/catalog');
    await expectOwnedComponents(page);

    expect(listQueries.length).toBeGreaterThan(0);
    for (const query of listQueries) {
      expect(query.getAll('filter').join()).toContain(
        'relations.ownedBy=user:default/',
      );
    }
  });

  test('filters by kind and by owner', async ({ page }) => {
    // The list pickers settle on "Owned" once the user's ownership loads, and a click on "All"
    // before that is undone; a kind chosen before "All" lands in the URL is undone the same way.
    await expect(
      page.getByRole('heading', { name: /Owned Components \(\d+\)/ }).first(),
    ).toBeVisible();
    await expect(async () => {
      await page.getByRole('menuitem', { name: /^All \d+/ }).click();
      await expect(
        page.getByRole('heading', { name: /All Components \(\d+\)/ }).first(),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Component' }).click();
    await page.getByRole('option', { name: 'API' }).click();
    await expect(
      page.getByRole('heading', { name: /All APIs \(\d+\)/i }).first(),
    ).toBeVisible();
    const table = catalogTable(page);
    await expect(table.getByRole('link', { name: 'Orders API' })).toBeVisible();

    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: /Fulfilment/ }).click();
    await page.keyboard.press('Escape');

    await expect(
      table.getByRole('link', { name: 'Inventory API' }),
    ).toBeVisible();
    await expect(table.getByRole('link', { name: 'Orders API' })).toHaveCount(
      0,
    );
  });

  test("opens a component and sees its relations and its API's definition", async ({
    page,
  }) => {
    await catalogTable(page)
      .getByRole('link', { name: 'Orders service' })
      .click();

    await expect(
      page.getByRole('heading', { name: 'Orders service' }).first(),
    ).toBeVisible();
    // The header names the owning team by its title, as About does, not by its slug
    // (catalog-backend-module-callboard titles groups from their profile).
    const headerOwner = page
      .locator('dt', { hasText: /^Owner$/ })
      .locator('xpath=following-sibling::dd[1]');
    await expect(headerOwner.getByRole('link')).toContainText('Checkout');
    await expect(headerOwner).not.toContainText('team-checkout');
    // ...and the system too (the @backstage/plugin-catalog patch).
    const headerSystem = page
      .locator('dt', { hasText: /^System$/ })
      .locator('xpath=following-sibling::dd[1]');
    await expect(
      headerSystem.getByRole('link', { name: 'Storefront' }),
    ).toHaveAttribute('href', '/catalog/default/system/storefront');
    const about = page.locator('article', { hasText: 'About' }).first();
    await expect(about.getByRole('link', { name: 'Checkout' })).toBeVisible();
    await expect(about.getByRole('link', { name: 'Storefront' })).toBeVisible();
    // The database comes from the production cluster (the infrastructure entity provider);
    // the page links it from more than one card.
    await expect(
      page.getByRole('link', { name: 'Orders database' }).first(),
    ).toBeVisible();

    await page.getByRole('link', { name: 'Orders API' }).first().click();
    await expect(
      page.getByRole('heading', { name: 'Orders API' }).first(),
    ).toBeVisible();
    await expect(page.getByRole('tab', { name: 'OpenAPI' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: '/orders/{orderId}' }).first(),
    ).toBeVisible();
  });

  test('finds a component by name through search', async ({ page }) => {
    await expect(async () => {
      await page.goto('/search?query=inventory-service');
      await expect(
        page.getByRole('link', { name: /Inventory service/ }).first(),
      ).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
  });
});
