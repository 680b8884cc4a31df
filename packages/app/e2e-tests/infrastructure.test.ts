import { expect, Page, test } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Provision a database' }),
  ).toBeVisible();
}

async function chooseOption(page: Page, field: RegExp, option: string) {
  await page.getByRole('button', { name: field }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('self-service databases', () => {
  test('a developer provisions a database for their component in staging, watches it become Ready and resizes it', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    // Unique per run: a reused sandbox keeps the claims of earlier runs.
    const name = `orders-e2e-${Date.now().toString(36)}`;
    await signInAsGuest(page);

    await page.goto('/catalog/default/component/orders-service');
    // The component page's Databases card (the sidebar item is a link of the same name).
    await page.getByRole('button', { name: 'Provision a database' }).click();
    await expect(page).toHaveURL(
      /\/infrastructure\?component=component%3Adefault%2Forders-service$/,
    );

    // The form comes from the XRD in the staging cluster.
    await expect(page.getByText('Allocated storage in GiB.')).toBeVisible();
    await expect(
      page.getByRole('button', { name: /^Component/ }),
    ).toContainText('Orders service');
    await chooseOption(page, /^Owning team/, 'team-checkout');
    await expect(
      page.getByRole('button', { name: /^Namespace/ }),
    ).toContainText('storefront');
    await page.getByRole('textbox', { name: /^Name/ }).fill(name);
    await page.getByRole('spinbutton', { name: /storageGB/ }).fill('20');
    await page.getByRole('button', { name: 'Provision in Staging' }).click();

    // Direct mode: the task applies the claim and waits for Synced and Ready.
    const progress = page.getByRole('region', { name: 'Task progress' });
    await expect(progress).toContainText('Result: ready on cluster staging', {
      timeout: 120_000,
    });

    // The entity provider catalogs the claim on its next pass.
    await expect(async () => {
      await page.goto(`/catalog/default/resource/${name}/status`);
      await expect(
        page.getByRole('group', { name: 'Ready condition' }),
      ).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 120_000 });

    const ready = page.getByRole('group', { name: 'Ready condition' });
    await expect(ready).not.toContainText('Not Ready');
    await expect(
      page.getByRole('list', { name: 'Composed resources' }),
    ).toBeVisible();
    await expect(
      page.getByText('Connection secret', { exact: true }),
    ).toBeVisible();
    await expect(page.getByText('storageGB: 20')).toBeVisible();

    await page.getByRole('button', { name: 'Resize' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('storageGB').fill('40');
    await dialog.getByRole('button', { name: 'Resize' }).click();
    await expect(dialog).toContainText('Result: ready on cluster staging', {
      timeout: 120_000,
    });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByText('storageGB: 40')).toBeVisible();
  });
});
