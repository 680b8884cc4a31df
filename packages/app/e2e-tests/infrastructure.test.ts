import { expect, Page, test } from '@playwright/test';
import { SANDBOX_GITHUB } from './sandboxGitHub';
import { signInAs, signInAsGuest } from './signIn';

// The Status tab asks the cluster live; on a loaded machine that took over 10 s.
const STATUS_TIMEOUT = 30_000;

async function chooseOption(page: Page, field: RegExp, option: string) {
  await page.getByRole('button', { name: field }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The names the Owning team field offers, read from its open list and closed again. */
async function teamOptions(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: /^Owning team/ }).click();
  const listbox = page.getByRole('listbox');
  await expect(listbox.getByRole('option').last()).toBeVisible();
  const names = (await listbox.getByRole('option').allInnerTexts())
    .map(text => text.trim())
    .filter(Boolean);
  await page.keyboard.press('Escape');
  await expect(listbox).toBeHidden();
  return names;
}

/** Opens the form from orders-service's page and fills what every journey here fills. */
async function openFormFromComponent(page: Page) {
  await page.goto('/catalog/default/component/orders-service');
  // The component page's Databases card (the sidebar item is a link of the same name).
  await page.getByRole('button', { name: 'Provision a database' }).click();
  await expect(page).toHaveURL(
    /\/infrastructure\?component=component%3Adefault%2Forders-service$/,
  );
  // The form comes from the XRD in the environment's cluster.
  await expect(page.getByText('Allocated storage in GiB.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Component/ })).toContainText(
    'Orders service',
  );
}

test.describe('self-service databases', () => {
  test('a developer provisions a database for their component in staging, watches it become Ready and resizes it', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    // Unique per run: a reused sandbox keeps the claims of earlier runs.
    const name = `orders-e2e-${Date.now().toString(36)}`;
    await signInAsGuest(page);
    await openFormFromComponent(page);

    // Ada is a plain member of team-checkout: that is the one team she may provision for.
    await expect(
      page.getByText('One of the teams you belong to'),
    ).toBeVisible();
    expect(await teamOptions(page)).toEqual(['Checkout']);
    await chooseOption(page, /^Owning team/, 'Checkout');
    await expect(
      page.getByRole('button', { name: /^Namespace/ }),
    ).toContainText('storefront');
    await page.getByRole('textbox', { name: /^Name/ }).fill(name);
    await page.getByRole('spinbutton', { name: /Storage \(GiB\)/ }).fill('20');
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
      ).toBeVisible({ timeout: STATUS_TIMEOUT });
    }).toPass({ timeout: 150_000 });

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
    await dialog.getByLabel('Storage (GiB)').fill('40');
    await dialog.getByRole('button', { name: 'Resize' }).click();
    await expect(dialog).toContainText('Result: ready on cluster staging', {
      timeout: 120_000,
    });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByText('storageGB: 40')).toBeVisible();
  });

  test('an owner deletes a database only after typing its name, and it leaves the catalog', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const name = `orders-e2e-del-${Date.now().toString(36)}`;
    await signInAsGuest(page);
    await openFormFromComponent(page);
    await chooseOption(page, /^Owning team/, 'Checkout');
    await page.getByRole('textbox', { name: /^Name/ }).fill(name);
    await page.getByRole('spinbutton', { name: /Storage \(GiB\)/ }).fill('20');
    await page.getByRole('button', { name: 'Provision in Staging' }).click();
    await expect(
      page.getByRole('region', { name: 'Task progress' }),
    ).toContainText('Result: ready on cluster staging', { timeout: 120_000 });

    await expect(async () => {
      await page.goto(`/catalog/default/resource/${name}/status`);
      await expect(
        page.getByRole('group', { name: 'Ready condition' }),
      ).toBeVisible({ timeout: STATUS_TIMEOUT });
    }).toPass({ timeout: 150_000 });

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Name to confirm').fill(name.slice(0, -1));
    await expect(dialog).toContainText(`Type '${name}' exactly`);
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Name to confirm').fill(name);
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(dialog).toContainText('Result: deleted on cluster staging', {
      timeout: 120_000,
    });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The cluster no longer has it, and the provider's next pass (every 10 s here) drops the
    // Resource: the tab's live status says whichever it meets first.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(
      page.getByText(
        new RegExp(
          `unavailable: (.* '${name}' in namespace 'storefront' is not in cluster 'staging' \\(any more\\)|No entity 'resource:default/${name}')`,
        ),
      ),
    ).toBeVisible();
    await expect(async () => {
      await page.goto(`/catalog/default/resource/${name}`);
      await expect(page.getByText(/Entity not found/i).first()).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 120_000 });
  });

  test('in production the request becomes a pull request, and the task links to it', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const name = `orders-e2e-pr-${Date.now().toString(36)}`;
    await signInAsGuest(page);
    await openFormFromComponent(page);

    await chooseOption(page, /^Environment/, 'Production (by pull request)');
    await expect(page.getByText('Allocated storage in GiB.')).toBeVisible();
    await chooseOption(page, /^Owning team/, 'Checkout');
    await page.getByRole('textbox', { name: /^Name/ }).fill(name);
    await page.getByRole('spinbutton', { name: /Storage \(GiB\)/ }).fill('20');
    await page.getByRole('button', { name: 'Propose for Production' }).click();

    const progress = page.getByRole('region', { name: 'Task progress' });
    await expect(progress).toContainText(
      'Result: proposed on cluster production',
      { timeout: 120_000 },
    );
    const link = progress.getByRole('link', { name: /^Pull request/ });
    await expect(link).toHaveAttribute(
      'href',
      new RegExp(
        `^${SANDBOX_GITHUB.url}/tidewater/platform-infrastructure/pull/\\d+$`,
      ),
    );
    const popup = page.waitForEvent('popup');
    await link.click();
    const pull = await popup;
    await pull.waitForLoadState('domcontentloaded');
    await expect(pull.locator('body')).toContainText(
      new RegExp(`Provision \\w+ storefront/${name} in production`),
    );
    await expect(pull.locator('body')).toContainText('Open');
    await expect(pull.locator('body')).toContainText(
      `callboard/create-storefront-${name}`,
    );
    await pull.close();
  });

  test('a platform admin may pick any team', async ({ page }) => {
    await signInAs(page, 'sam.rivera');
    await page.goto('/infrastructure');
    await expect(page.getByText('Allocated storage in GiB.')).toBeVisible();
    await expect(
      page.getByText('As an admin you may provision for any team'),
    ).toBeVisible();
    expect(await teamOptions(page)).toEqual(
      expect.arrayContaining(['Checkout', 'Fulfilment', 'Platform']),
    );
  });
});
