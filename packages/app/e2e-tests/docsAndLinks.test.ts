import { expect, test } from '@playwright/test';
import { SANDBOX_GITHUB } from './sandboxGitHub';
import { signInAsGuest } from './signIn';

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
    // "authorises" is in the overview page only (from the component's description).
    await expect(async () => {
      await page.goto('/search?query=authorises');
      await page.getByText('Documentation', { exact: true }).first().click();
      await expect(
        page.getByRole('link', { name: /Payments service docs/ }).first(),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 150_000 });
  });

  test('shows the TechDocs tab only on entities that have docs', async ({
    page,
  }) => {
    const tabs = page.getByRole('navigation', { name: 'Content navigation' });
    await page.goto('/catalog/default/component/payments-service');
    await expect(tabs.getByRole('link', { name: 'TechDocs' })).toBeVisible();
    await page.goto('/catalog/default/group/team-checkout');
    await expect(tabs.getByRole('link', { name: 'Overview' })).toBeVisible();
    await expect(tabs.getByRole('link', { name: 'TechDocs' })).toHaveCount(0);
  });

  test('lists the broken demo files with their errors on the unprocessed page', async ({
    page,
  }) => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Unprocessed Entities' })
      .click();
    await expect(page).toHaveURL(/\/catalog-unprocessed-entities$/);
    // Each entry's raw definition carries its file and its processing errors. They are under
    // Failed, the tab the page opens on (the unprocessed-entities patch).
    const raw = page.getByRole('button', {
      name: /^Show raw entity definition of /,
    });
    const definitions: string[] = [];
    await expect(async () => {
      definitions.length = 0;
      await page.reload();
      await expect(
        page.getByRole('tabpanel', { name: 'Failed' }),
      ).toBeVisible();
      for (const button of await raw.all()) {
        await button.click();
        const dialog = page.getByRole('dialog');
        definitions.push(await dialog.innerText());
        await page.keyboard.press('Escape');
        await expect(dialog).toHaveCount(0);
      }
      const text = definitions.join('\n');
      expect(text).toContain('catalog/demo/broken/invalid-yaml.yaml');
      expect(text).toContain('catalog/demo/broken/unknown-kind.yaml');
      expect(text).toContain('catalog/demo/broken/missing-name.yaml');
    }).toPass({ timeout: 90_000 });
    const text = definitions.join('\n');
    expect(text).toMatch(/YAML/);
    expect(text).toMatch(/microservice:default\/mystery-service/i);
    expect(text).toMatch(/metadata must have required property 'name'/);
    // Their discovery and refresh times are readable dates on SQLite too.
    await expect(page.getByText('Invalid DateTime')).toHaveCount(0);
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
    // Nodes are labelled with entity titles: the team and what it owns.
    const graph = page.locator('svg#dependency-graph');
    await expect(graph.getByText('Checkout', { exact: true })).toBeVisible();
    await expect(
      graph.getByText('Orders service', { exact: true }),
    ).toBeVisible();
    // One step out (app-config.yaml): the team's parent is drawn, the organisation above it
    // is not, so the graph stays readable.
    await expect(graph.getByText('Engineering', { exact: true })).toBeVisible();
    await expect(graph.getByText('Tidewater', { exact: true })).toHaveCount(0);
  });
});
