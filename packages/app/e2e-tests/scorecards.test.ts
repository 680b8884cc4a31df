import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { signInAs, signInAsGuest } from './signIn';

// The demo's production-readiness scorecard (catalog/demo/scorecards/production-readiness.yaml),
// the one app-config.yaml gives the catalog's Level column.
const LEVEL = /^(Bronze|Silver|Gold)$/;

test("the catalog table shows the level of a service the engineer's team owns", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // The guest is Ada Okafor of the Checkout team, which owns the Orders service; the catalog
  // opens on the team's components. The page keeps fetched levels for a minute, so it is
  // loaded again until the first evaluation pass with GitHub's facts has run.
  const ordersRow = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'Orders service', exact: true }),
  });
  const level = ordersRow.getByLabel('Production readiness level');
  await expect(async () => {
    await page.goto('/catalog');
    await expect(level).toHaveText(LEVEL, { timeout: 20_000 });
  }).toPass({ timeout: 150_000 });
  await expect(
    page.getByRole('columnheader', { name: 'Level', exact: true }),
  ).toBeVisible();

  // Hovering the level says which scorecard it is from and the score behind it.
  await level.hover();
  await expect(page.getByRole('tooltip')).toHaveText(
    /^Production readiness: score \d+ \/ 100$/,
  );
});

test("the home page shows the engineer's team scorecards", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // The Checkout team's rollup has level shares once the first evaluation pass has run. Its
  // link opens the team's Scorecards tab, which shows the same score; passes keep running,
  // so a score that moved between the two pages is read again.
  const card = page.getByLabel('Production readiness for your team');
  await expect(async () => {
    await page.goto('/');
    await expect(card).toContainText(/(Bronze|Silver|Gold) \d+%/, {
      timeout: 20_000,
    });
    const score = /Production readiness: (\d+) \/ 100/.exec(
      await card.innerText(),
    )?.[1];
    expect(score).toBeDefined();
    await page.getByRole('link', { name: "Your team's scorecards" }).click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/group\/team-checkout\/scorecards$/,
    );
    await expect(page.getByLabel('Production readiness team score')).toHaveText(
      `Score ${score} / 100`,
      { timeout: 20_000 },
    );
  }).toPass({ timeout: 150_000 });
});

test('a team lead follows a failing check to an exemption that a platform admin approves', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // The team page's Scorecards tab lists the services once the first pass has run.
  const service = page.getByRole('link', {
    name: 'Payments service',
    exact: true,
  });
  await expect(async () => {
    await page.goto('/catalog/default/group/team-checkout/scorecards');
    await expect(service).toBeVisible({ timeout: 20_000 });
  }).toPass({ timeout: 150_000 });
  await expect(
    page.getByLabel('Production readiness team score'),
  ).toContainText('/ 100');
  // A fresh portal has one scored day: the trend shows it as a dot, not an empty chart.
  const trend = page.getByRole('figure', {
    name: 'Production readiness trend',
  });
  await expect(trend).toBeVisible();
  await expect(
    trend
      .getByLabel(/^score on \d{4}-\d{2}-\d{2}$/)
      .or(trend.locator('.recharts-line-curve[d*="L"]'))
      .first(),
  ).toBeVisible();

  await service.click();
  await page
    .getByRole('link', { name: 'Scorecards', exact: true })
    .and(page.locator('[href$="/payments-service/scorecards"]'))
    .click();
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeEnabled();

  const check = page.getByRole('region', { name: 'check Requires a review' });
  await expect(check.getByLabel('status fail')).toBeVisible();
  await expect(
    check.getByRole('list', { name: 'values of Requires a review' }),
  ).toContainText('github.requiredReviews = 0');
  await expect(check).toContainText('How to fix');

  await check.getByRole('button', { name: 'Request exemption' }).click();
  await page
    .getByLabel(/Reason/)
    .fill('Reviews become required once the payments migration lands');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(check.getByLabel('pending exemption')).toContainText(
    'Reviews become required once the payments migration lands',
  );

  // Owners request; only platform admins decide.
  await expect(
    check.getByRole('button', { name: 'Approve exemption' }),
  ).toHaveCount(0);

  // A second browser context: its own sign-in, beside the owner's.
  const adminContext = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
  });
  const admin = await adminContext.newPage();
  await signInAs(admin, 'sam.rivera');
  await admin.goto('/catalog/default/component/payments-service/scorecards');
  const checkAsAdmin = admin.getByRole('region', {
    name: 'check Requires a review',
  });
  await checkAsAdmin.getByRole('button', { name: 'Approve exemption' }).click();
  await expect(checkAsAdmin.getByLabel('status exempt')).toBeVisible();
  await adminContext.close();

  await page.reload();
  await expect(check.getByLabel('status exempt')).toBeVisible();
  await expect(check).toContainText('an exemption started or ended');
});

test('the org-wide Scorecards page rolls levels up by team, department and System, and exports CSV', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // The Checkout team's six services are listed once the first pass has run.
  const rows = page.getByRole('table').first().getByRole('row');
  const checkout = rows.filter({
    has: page.getByRole('link', { name: 'Checkout', exact: true }),
  });
  await expect(async () => {
    await page.goto('/scorecards');
    await expect(page.getByRole('heading', { name: 'By team' })).toBeVisible({
      timeout: 20_000,
    });
    await page.getByRole('button', { name: /^Scorecard/ }).click();
    await page
      .getByRole('option', { name: 'Production readiness', exact: true })
      .click();
    await expect(checkout).toContainText(/(Bronze|Silver|Gold) \d+%/, {
      timeout: 20_000,
    });
  }).toPass({ timeout: 150_000 });
  await expect(checkout.getByRole('cell').nth(1)).toHaveText('6');

  // The checks table fits its card, each check's title on one line (it was cut off on the
  // right, its titles broken mid-word).
  const checksLayout = await page
    .getByRole('table')
    .nth(1)
    .evaluate(table => ({
      fitsItsCard:
        table.getBoundingClientRect().width <=
        table.parentElement!.getBoundingClientRect().width + 1,
      linesPerTitle: [...table.querySelectorAll('tbody tr')].map(row => {
        const title = document.createRange();
        title.selectNodeContents((row as HTMLTableRowElement).cells[0]);
        return title.getClientRects().length;
      }),
    }));
  expect(checksLayout.fitsItsCard).toBe(true);
  expect(checksLayout.linesPerTitle.length).toBeGreaterThan(0);
  expect(new Set(checksLayout.linesPerTitle)).toEqual(new Set([1]));

  // The department rolls up every team under it in the org tree.
  await page.getByRole('button', { name: /^Group by/ }).click();
  await page.getByRole('option', { name: 'department', exact: true }).click();
  await expect(
    page.getByRole('heading', { name: 'By department' }),
  ).toBeVisible();
  await expect(
    rows.filter({
      has: page.getByRole('link', { name: 'Engineering', exact: true }),
    }),
  ).toBeVisible();

  await page.getByRole('button', { name: /^Group by/ }).click();
  await page.getByRole('option', { name: 'system', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'By system' })).toBeVisible();
  await expect(
    rows.filter({
      has: page.getByRole('link', { name: 'Storefront', exact: true }),
    }),
  ).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await download;
  expect(csv.suggestedFilename()).toBe('scorecards-by-system.csv');
  const lines = (await readFile(await csv.path(), 'utf8'))
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toBe('group,title,entities,score,none,Bronze,Silver,Gold');
  expect(lines).toContainEqual(
    expect.stringMatching(/^system:default\/storefront,Storefront,\d+,\d+,/),
  );
});
