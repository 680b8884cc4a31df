import { createHash, createHmac } from 'node:crypto';

/** `X-Hub-Signature-256` and the legacy sha1 `X-Hub-Signature`, over the exact bytes sent. */
export function signatureHeaders(
  secret: string | undefined,
  body: string,
): Record<string, string> {
  if (!secret) {
    return {};
  }
  return {
    'x-hub-signature': `sha1=${createHmac('sha1', secret)
      .update(body)
      .digest('hex')}`,
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret)
      .update(body)
      .digest('hex')}`,
  };
}

/** GitHub's agent carries a short build hash; the sandbox derives a stable one. */
export const HOOKSHOT_USER_AGENT = `GitHub-Hookshot/${createHash('sha1')
  .update('callboard-sandbox')
  .digest('hex')
  .slice(0, 7)}`;
