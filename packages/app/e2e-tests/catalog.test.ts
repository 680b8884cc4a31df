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

/** The list picker settles on "Owned" once the user's ownership loads, and undoes an early "All". */
async function showAll(page: Page) {
  await expect(
    page.getByRole('heading', { name: /Owned Components \(\d+\)/ }).first(),
  ).toBeVisible();
  await expect(async () => {
    await page.getByRole('menuitem', { name: /^All \d+/ }).click();
    await expect(
      page.getByRole('heading', { name: /All Components \(\d+\)/ }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
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
    // Owners by their titles, as the catalog presents them, not their slugs.
    const ordersRow = catalogTable(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Orders service' }) });
    await expect(
      ordersRow.getByRole('link', { name: 'Checkout', exact: true }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    // Names break between words and at hyphens, never inside a word ("orders-servi", "ce").
    const nameCell = catalogTable(page).getByRole('rowheader').first();
    expect(
      await nameCell.evaluate(cell => {
        const style = getComputedStyle(cell);
        return [style.wordBreak, style.overflowWrap];
      }),
    ).toEqual(['normal', 'normal']);

    await page.getByRole('menuitem', { name: /^All \d+/ }).click();
    await expect(
      page.getByRole('heading', { name: /All Components \(\d+\)/ }).first(),
    ).toBeVisible();
    await expect(
      catalogTable(page).getByRole('link', { name: 'Inventory service' }),
    ).toBeVisible();
  });

  test('fits its table in a 1280 px window, and titles the APIs list "All APIs"', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectOwnedComponents(page);
    // Nine columns beside the filters: the table fits its card rather than scrolling sideways.
    const sidewaysOverflow = () =>
      catalogTable(page).evaluate(
        table => table.scrollWidth - table.parentElement!.clientWidth,
      );
    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
    await expect(
      catalogTable(page).getByRole('columnheader', { name: 'Actions' }),
    ).toBeInViewport({ ratio: 1 });

    await page.goto('/catalog?filters[kind]=api&filters[user]=all');
    await expect(
      page.getByRole('heading', { name: /^All APIs \(\d+\)$/ }).first(),
    ).toBeVisible();
    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
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
    // A kind chosen before "All" lands in the URL is undone as an early "All" is.
    await showAll(page);
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

  test('pages through all components, sorts a page by name, and stars a component from its row', async ({
    page,
  }) => {
    await showAll(page);
    const table = catalogTable(page);
    const names = table.getByRole('rowheader');
    // The catalog pages 20 at a time (cursor pagination, the catalog page's default).
    await expect(names).toHaveCount(20);
    const firstPage = await names.allTextContents();
    await page.getByRole('button', { name: 'Next table page' }).click();
    await expect(names.first()).not.toHaveText(firstPage[0]);
    const secondPage = await names.allTextContents();
    expect(secondPage.some(name => firstPage.includes(name))).toBe(false);
    await page.getByRole('button', { name: 'Previous table page' }).click();
    await expect(names.first()).toHaveText(firstPage[0]);

    const sortByName = table
      .getByRole('columnheader', { name: 'Name' })
      .getByRole('button');
    await sortByName.click();
    await sortByName.click();
    const descending = [...firstPage].sort((a, b) =>
      b.localeCompare(a, 'en-US'),
    );
    await expect(names).toHaveText(descending);

    const orders = table.getByRole('row').filter({
      has: page.getByRole('link', { name: 'Orders service', exact: true }),
    });
    await page.getByRole('menuitem', { name: /^Owned \d+/ }).click();
    await orders.getByRole('button', { name: 'Add to favorites' }).click();
    await expect(
      orders.getByRole('button', { name: 'Remove from favorites' }),
    ).toBeVisible();
    await page.getByRole('menuitem', { name: /^Starred 1/ }).click();
    await expect(
      page.getByRole('heading', { name: /Starred Components \(1\)/ }).first(),
    ).toBeVisible();
    await expect(names).toHaveText(['Orders service']);
    await orders.getByRole('button', { name: 'Remove from favorites' }).click();
    await expect(
      page.getByRole('menuitem', { name: /^Starred 0/ }),
    ).toBeVisible();
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
