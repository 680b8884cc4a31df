import { expect, Page, test } from '@playwright/test';
import {
  advertisedBranches,
  SANDBOX_GITHUB,
  sandboxApi,
} from './sandboxGitHub';
import { signInAs, signInAsGuest } from './signIn';

const TEMPLATE_TITLE = 'Node.js service (golden path)';
const STEPS = [
  'Check the name and choose the repository',
  'Check the repository location',
  'Render the golden path',
  'Check the owner and system in the catalog',
  'Publish the repository',
  'Register in the catalog',
  'Provision the PostgreSQL database',
  'Propose the database claim to the infrastructure repository',
];

function templateCard(page: Page, title: string) {
  return page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: title }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
}

async function openInNewWindow(page: Page, linkName: RegExp) {
  const link = page.getByRole('link', { name: linkName });
  const href = await link.getAttribute('href');
  const popup = page.waitForEvent('popup');
  await link.click();
  const opened = await popup;
  await opened.waitForLoadState('domcontentloaded');
  const url = opened.url();
  const heading = await opened
    .getByRole('heading', { level: 1 })
    .first()
    .innerText();
  const text = await opened.locator('body').innerText();
  await opened.close();
  return { href, url, heading, text };
}

test.describe('creating a service from the golden path', () => {
  test('scaffolds a Node.js service with a database and links to the repository, the component and the request', async ({
    page,
    request,
  }) => {
    test.setTimeout(240_000);
    // Unique per run: the sandbox keeps its repositories between runs.
    const name = `e2e-${Date.now().toString(36)}`;

    // A Fulfilment engineer creates a service for their own team: the database step provisions
    // only for the requester's teams.
    await signInAs(page, 'kwame.mensah');
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Create' })
      .click();
    await templateCard(page, TEMPLATE_TITLE)
      .getByRole('button', { name: 'Choose' })
      .click();

    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await expect(
      page.getByText(
        `${name} is free in the catalog and on ${
          new URL(SANDBOX_GITHUB.url).host
        }/tidewater`,
      ),
    ).toBeVisible();
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Schedules dock slots for inbound trucks');
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'Fulfilment' }).click();
    await page.getByRole('textbox', { name: 'System' }).click();
    await page.getByRole('option', { name: 'Fulfilment' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(
      page.getByRole('checkbox', { name: 'Exposes an HTTP API' }),
    ).toBeChecked();
    await page
      .getByRole('checkbox', { name: 'Needs a PostgreSQL database' })
      .check();
    // The repository is the service name, on the configured host: no third step.
    await page.getByRole('button', { name: 'Review' }).click();

    const review = page.getByRole('table');
    await expect(
      review.getByRole('row', { name: `Name ${name}` }),
    ).toBeVisible();
    await expect(
      review.getByRole('row', {
        name: 'Owner group:default/team-fulfilment',
      }),
    ).toBeVisible();
    await expect(
      review.getByRole('row', { name: 'System system:default/fulfilment' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Create' }).click();

    await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
    await expect(
      page.getByText(
        'Finished step Propose the database claim to the infrastructure repository',
      ),
    ).toBeVisible({ timeout: 120_000 });
    for (const step of STEPS) {
      await expect(
        page.getByRole('button', {
          name: new RegExp(`^${step} \\d+ seconds?$`),
        }),
      ).toBeVisible();
    }
    const searchLog = page.getByRole('textbox', { name: 'Search' });
    for (const step of STEPS) {
      await searchLog.fill(`Finished step ${step}`);
      await expect(page.getByText(`Finished step ${step}`)).toBeVisible();
    }
    await searchLog.fill('Validated');
    await expect(
      page.getByText(/Validated \d+ YAML and \d+ JSON files/),
    ).toBeVisible();

    const repositoryLink = await openInNewWindow(page, /^Repository/);
    expect(repositoryLink.href).toBe(
      `${SANDBOX_GITHUB.url}/tidewater/${name}.git`,
    );
    // The clone URL opened in a browser lands on the repository's page, with its README.
    expect(repositoryLink.url).toBe(`${SANDBOX_GITHUB.url}/tidewater/${name}`);
    expect(repositoryLink.heading).toBe(name);
    expect(repositoryLink.text).toContain('catalog-info.yaml');
    expect(await advertisedBranches(request, repositoryLink.href!)).toContain(
      'main',
    );

    const pullLink = await openInNewWindow(page, /^Database request/);
    expect(pullLink.href).toMatch(
      new RegExp(
        `^${SANDBOX_GITHUB.url}/tidewater/platform-infrastructure/pull/\\d+$`,
      ),
    );
    expect(pullLink.url).toBe(pullLink.href);
    expect(pullLink.text).toContain('Open');
    expect(pullLink.text).toContain(`callboard/create-fulfilment-${name}-db`);
    const pull = await sandboxApi<{ state: string; head: { ref: string } }>(
      request,
      `/repos/tidewater/platform-infrastructure/pulls/${pullLink
        .href!.split('/')
        .pop()}`,
    );
    expect(pull).toMatchObject({
      state: 'open',
      head: { ref: `callboard/create-fulfilment-${name}-db` },
    });

    await page.getByRole('link', { name: 'Open in catalog' }).click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}$`),
    );
    // A loaded machine can take longer than 2 s to render the page after a reload.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name }).first()).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 90_000 });
    const about = page.locator('article', { hasText: 'About' }).first();
    await expect(about.getByRole('link', { name: 'Fulfilment' })).toHaveCount(
      2,
    );
  });

  test('refuses a taken name as it is typed, before submit', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto('/create/templates/default/service-nodejs');

    const nameField = page.getByRole('textbox', { name: 'Name' });
    // orders-service is a demo catalog component and a sandbox repository.
    await nameField.pressSequentially('orders-service');
    await expect(
      page.getByText(
        /^orders-service is taken: the catalog already has component:default\/orders-service and tidewater\/orders-service already exists on localhost:7010$/,
      ),
    ).toBeVisible();
    await expect(nameField).toHaveAttribute('aria-invalid', 'true');

    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('A second orders service');
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'Checkout' }).click();
    await page.getByRole('textbox', { name: 'System' }).click();
    await page.getByRole('option', { name: 'Storefront' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Validation runs the same check: the form stays on its first step.
    await expect(page.getByRole('button', { name: 'Next' })).toBeVisible();
    await expect(
      page.getByRole('checkbox', { name: 'Exposes an HTTP API' }),
    ).toHaveCount(0);
    await expect(
      page.getByText(/orders-service is taken/).first(),
    ).toBeVisible();
    await expect(page).toHaveURL(
      /\/create\/templates\/default\/service-nodejs/,
    );
  });
});
