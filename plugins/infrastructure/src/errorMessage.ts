import { ResponseError } from '@backstage/errors';

/**
 * The server's own message: a ResponseError's message is only the HTTP
 * status, the reason (a guard's refusal, an unreachable cluster) is its cause.
 */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    const cause = (error as ResponseError).cause;
    if (cause?.message) return cause.message;
  }
  return error.message;
}
