import { expect, Locator, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

const BAND = /^DORA band: (elite|high|medium|low)$/;

/** The figure's number, as the button that opens its records reads it. */
async function figureValue(card: Locator, title: string): Promise<string> {
  const label = await card
    .getByRole('button', { name: /: show the records behind it$/ })
    .getAttribute('aria-label');
  return label!.slice(
    `${title} `.length,
    -': show the records behind it'.length,
  );
}

test('an engineer reads a service’s DORA keys, the records behind them, the team’s rollup and the platform’s adoption', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // Until the first ingest pass has read the service the tab says it has no data yet.
  const frequency = page.getByRole('region', { name: 'Deployment frequency' });
  await expect(async () => {
    await page.goto('/catalog/default/component/payments-service/dx-metrics');
    await expect(frequency).toContainText(/from [1-9]\d* records/, {
      timeout: 15_000,
    });
  }).toPass({ timeout: 200_000 });

  const shown: Record<string, string> = {};
  for (const [title, unit] of [
    ['Deployment frequency', /^\d+\.\d per (day|week|month)$/],
    ['Lead time for changes', /^(\d+ min|\d+\.\d [hd])$/],
    ['Change failure rate', /^\d+ %$/],
  ] as const) {
    const card = page.getByRole('region', { name: title });
    shown[title] = await figureValue(card, title);
    expect(shown[title]).toMatch(unit);
    await expect(card.getByLabel(BAND)).toBeVisible();
    await expect(card).toContainText(/from [1-9]\d* records/);
  }
  await expect(
    page.getByRole('region', { name: 'Data coverage' }),
  ).toContainText('Repositories: tidewater/payments-service');
  await expect(page.getByLabel('Lead-time breakdown')).toContainText(
    /Coding .+ → Pickup .+ → Review .+ → Deploy .+/,
  );

  // Drill-down: the number opens the production deployments behind it, linked to GitHub.
  await frequency
    .getByRole('button', { name: /: show the records behind it$/ })
    .click();
  const records = page.getByRole('region', { name: 'Records' });
  await expect(records).toContainText(
    /Production deployments \([1-9]\d*, last 30 days\)/,
  );
  const commit = records
    .getByRole('row')
    .filter({ hasText: 'tidewater/payments-service' })
    .first()
    .getByRole('link');
  await expect(commit).toHaveText(/^[0-9a-f]{7}\b/);
  await expect(commit).toHaveAttribute(
    'href',
    'http://localhost:7010/tidewater/payments-service/deployments/production',
  );

  await records.getByRole('tab', { name: 'Pull requests' }).click();
  await expect(records).toContainText(
    /Pull requests \([1-9]\d*, last 30 days\)/,
  );
  const pull = records.getByRole('link', { name: /^#\d+ / }).first();
  await expect(pull).toHaveAttribute(
    'href',
    /^http:\/\/localhost:7010\/tidewater\/payments-service\/pull\/\d+$/,
  );

  // The owning team's tab: the same keys rolled up, and the service in its per-service table.
  await page
    .getByRole('link', { name: 'Checkout', exact: true })
    .first()
    .click();
  await page
    .getByRole('link', { name: 'DX metrics', exact: true })
    .and(page.locator('[href$="/team-checkout/dx-metrics"]'))
    .click();
  const perService = page.getByRole('region', { name: 'Per service' });
  const payments = perService
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'Payments service' }) });
  await expect(payments).toBeVisible();
  await expect(
    payments.getByRole('button', {
      name: `Deployment frequency of Payments service ${shown['Deployment frequency']}: show the records behind it`,
    }),
  ).toBeVisible();
  await expect(
    payments.getByRole('button', {
      name: `Lead time for changes of Payments service ${shown['Lead time for changes']}: show the records behind it`,
    }),
  ).toBeVisible();
  expect(await payments.getByLabel(BAND).count()).toBeGreaterThanOrEqual(3);
  const teamFrequency = page.getByRole('region', {
    name: 'Deployment frequency',
  });
  await expect(teamFrequency.getByLabel(BAND)).toBeVisible();
  expect(await figureValue(teamFrequency, 'Deployment frequency')).toMatch(
    /^\d+\.\d per (day|week|month)$/,
  );

  // The platform team's page: adoption of the golden path and of self-service databases.
  await page.goto('/dx-metrics');
  // Groups by the names the catalog shows, not their slugs.
  await expect(
    page
      .getByRole('region', { name: 'Departments and teams' })
      .getByRole('link', { name: 'Checkout', exact: true }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Platform adoption' }).click();
  const goldenPath = page.getByRole('region', {
    name: 'Golden-path adoption',
  });
  await expect(goldenPath).toContainText(/\d+ %/);
  await expect(goldenPath).toContainText(
    /\d+ of [1-9]\d* services have the template lock file or the reusable workflow/,
  );
  const selfService = page.getByRole('region', {
    name: 'Self-service databases',
  });
  await expect(selfService).toContainText(/\d+ %/);
  await expect(selfService).toContainText(
    /\d+ of [1-9]\d* database claims came through the portal/,
  );
  // Each service on the golden path links to its catalog page, by its title.
  await expect(
    page.getByRole('link', { name: 'Payments service', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/component/payments-service');
  await page.screenshot({
    path: test.info().outputPath('adoption.png'),
    fullPage: true,
  });
});
