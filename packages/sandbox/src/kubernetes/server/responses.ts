import type { Response } from 'express';
import { isKubeApiError, KubeApiError } from '../errors/KubeApiError';

export function sendJson(
  response: Response,
  code: number,
  body: unknown,
): void {
  response.status(code).type('application/json').send(JSON.stringify(body));
}

export function sendError(response: Response, error: unknown): void {
  const apiError = isKubeApiError(error)
    ? error
    : KubeApiError.internal(
        error instanceof Error ? error.message : String(error),
      );
  if (response.headersSent) {
    response.end();
    return;
  }
  sendJson(response, apiError.code, apiError.status);
}

/** What the API server's mux answers for paths no API serves: plain text, not a Status. */
export function sendPageNotFound(response: Response): void {
  response.status(404).type('text/plain').send('404 page not found\n');
}
