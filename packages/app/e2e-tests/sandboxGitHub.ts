import { APIRequestContext, expect } from '@playwright/test';

/**
 * The GitHub sandbox the e2e backend publishes to (`packages/sandbox` CLI, seeded with the
 * `tidewater` organization). Links into it open its read-only HTML pages; what they show is
 * also checked through the API and git's ref advertisement.
 */
export const SANDBOX_GITHUB = {
  url: process.env.CALLBOARD_SANDBOX_GITHUB_URL ?? 'http://localhost:7010',
  token: process.env.CALLBOARD_SANDBOX_GITHUB_TOKEN ?? 'sandbox-token',
};

const authorization = `token ${SANDBOX_GITHUB.token}`;

export async function sandboxApi<T>(
  request: APIRequestContext,
  path: string,
): Promise<T> {
  const response = await request.get(`${SANDBOX_GITHUB.url}/api/v3${path}`, {
    headers: { authorization },
  });
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** The branches git sees behind a clone URL. */
export async function advertisedBranches(
  request: APIRequestContext,
  cloneUrl: string,
): Promise<string[]> {
  const response = await request.get(
    `${cloneUrl}/info/refs?service=git-upload-pack`,
    {
      headers: {
        authorization: `Basic ${Buffer.from(
          `x-access-token:${SANDBOX_GITHUB.token}`,
        ).toString('base64')}`,
      },
    },
  );
  expect(response.status(), `git ref advertisement of ${cloneUrl}`).toBe(200);
  return [
    ...(await response.text()).matchAll(
      /[0-9a-f]{40} refs\/heads\/([^\s\0]+)/g,
    ),
  ].map(match => match[1]);
}
