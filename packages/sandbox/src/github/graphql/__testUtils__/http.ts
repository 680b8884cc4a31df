import type { GitHubSandbox } from '../../server';

export interface RawGraphqlResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<Record<string, unknown>>;
    message?: string;
  };
}

/** For assertions on status codes and headers, which octokit hides behind its errors. */
export async function postGraphql(
  sandbox: GitHubSandbox,
  token: string | undefined,
  body: unknown,
  path = '/api/graphql',
): Promise<RawGraphqlResponse> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as RawGraphqlResponse['body'],
  };
}
