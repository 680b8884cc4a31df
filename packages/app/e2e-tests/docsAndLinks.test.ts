import { expect, Page, test } from '@playwright/test';
import { SANDBOX_GITHUB } from './sandboxGitHub';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

test.describe('docs, unprocessed entities, sandbox links and the graph', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("shows a component's TechDocs, and search's Documentation filter finds them", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    // Built from the sandbox repository with Debian's mkdocs; the first visit may wait for it.
    await page.goto('/docs/default/component/payments-service/runbook/');
    await expect(
      page.getByRole('heading', { name: 'Runbook: Payments service' }),
    ).toBeVisible({ timeout: 120_000 });
    await expect(
      page.getByRole('heading', { name: 'When an alert fires' }),
    ).toBeVisible();

    // The collator runs after the prebuild has built every site; retry until it has.
    await expect(async () => {
      await page.goto('/search?query=escalation');
      await page.getByText('Documentation', { exact: true }).first().click();
      await expect(
        page.getByRole('link', { name: /Runbook: Payments service/ }).first(),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 150_000 });
  });

  test('shows the TechDocs tab only on entities that have docs', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/payments-service');
    await expect(page.getByRole('tab', { name: 'TechDocs' })).toBeVisible();
    await page.goto('/catalog/default/group/team-checkout');
    await expect(
      page.getByRole('heading', { name: /Checkout/ }).first(),
    ).toBeVisible();
    await expect(page.getByRole('tab', { name: 'TechDocs' })).toHaveCount(0);
  });

  test('lists the broken demo files with their errors on the unprocessed page', async ({
    page,
  }) => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Unprocessed Entities' })
      .click();
    await expect(page).toHaveURL(/\/catalog-unprocessed-entities$/);
    for (const file of ['invalid-yaml', 'unknown-kind', 'missing-name']) {
      await expect(
        page
          .getByText(new RegExp(`catalog/demo/broken/${file}\\.yaml`))
          .first(),
      ).toBeVisible({ timeout: 60_000 });
    }
    await page
      .getByRole('button', { name: 'Detail panel visibility toggle' })
      .first()
      .click();
    await expect(
      page.getByText(/YAML|Microservice|metadata/).first(),
    ).toBeVisible();
  });

  test("opens a component's source as a sandbox page with the README", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/payments-service');
    const viewSource = page.getByRole('link', { name: /View Source/i });
    await expect(viewSource).toHaveAttribute(
      'href',
      `${SANDBOX_GITHUB.url}/tidewater/payments-service/tree/main/`,
    );
    const popup = page.waitForEvent('popup');
    await viewSource.click();
    const repository = await popup;
    await expect(
      repository.getByRole('heading', { name: 'Payments service', level: 1 }),
    ).toBeVisible();
    await expect(
      repository.getByRole('link', { name: 'catalog-info.yaml' }),
    ).toBeVisible();
    await repository.getByRole('link', { name: 'mkdocs.yml' }).click();
    await expect(repository.getByText('site_name:')).toBeVisible();
    await repository.close();
  });

  test("opens the Catalog Graph on the signed-in user's team", async ({
    page,
  }) => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog Graph' })
      .click();
    await expect(page).toHaveURL(/rootEntityRefs/);
    expect(decodeURIComponent(page.url())).toContain(
      'rootEntityRefs[]=group:default/team-checkout',
    );
    const graph = page.locator('svg#dependency-graph');
    await expect(graph.getByText('team-checkout').first()).toBeVisible();
    await expect(graph.getByText('orders-service').first()).toBeVisible();
  });
});
