import { spawn } from 'node:child_process';
import type { Request, Response } from 'express';
import { isolatedGitEnv } from '../store/git/runGit';

/** CGI headers end at the first blank line, written as CRLF or bare LF. */
function headerEnd(
  buffer: Buffer,
): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) {
    return { index: crlf, length: 4 };
  }
  return lf === -1 ? undefined : { index: lf, length: 2 };
}

export const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export interface CgiRequest {
  projectRoot: string;
  /** `/<repo dir relative to projectRoot>/<service path>` */
  pathInfo: string;
  remoteUser: string | undefined;
}

/**
 * Runs `git http-backend` as a CGI program. Request bodies are streamed
 * through untouched: http-backend inflates gzip bodies itself when given
 * HTTP_CONTENT_ENCODING, and reads to EOF when no length is known (chunked
 * uploads). `beforeEnd` runs after git finishes and before the response
 * ends. Resolves with http-backend's exit code once the response is written.
 */
export function runHttpBackend(
  req: Request,
  res: Response,
  cgi: CgiRequest,
  beforeEnd: () => Promise<void> = async () => {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const query = req.originalUrl.includes('?')
      ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
      : '';
    const env: Record<string, string> = {
      GIT_PROJECT_ROOT: cgi.projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: cgi.pathInfo,
      REQUEST_METHOD: req.method,
      QUERY_STRING: query,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
    };
    const contentType = req.headers['content-type'];
    if (contentType) env.CONTENT_TYPE = contentType;
    const contentLength = req.headers['content-length'];
    if (contentLength && !req.headers['transfer-encoding'])
      env.CONTENT_LENGTH = contentLength;
    const contentEncoding = req.headers['content-encoding'];
    if (contentEncoding) env.HTTP_CONTENT_ENCODING = contentEncoding;
    const protocol = req.headers['git-protocol'];
    if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;
    if (cgi.remoteUser) env.REMOTE_USER = cgi.remoteUser;

    const child = spawn(GIT_HTTP_BACKEND, [], {
      env: isolatedGitEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stderr: Buffer[] = [];
    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', reject);
    req.pipe(child.stdin);
    child.stdin.on('error', () => {
      // http-backend may stop reading early (e.g. a refused push); its output says why.
    });

    let headerBuffer = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      headerBuffer = Buffer.concat([headerBuffer, chunk]);
      const end = headerEnd(headerBuffer);
      if (!end) {
        return;
      }
      let status = 200;
      for (const line of headerBuffer
        .subarray(0, end.index)
        .toString('latin1')
        .split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon === -1) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') {
          status = Number(value.split(' ')[0]) || 200;
        } else {
          res.setHeader(name, value);
        }
      }
      res.status(status);
      headersSent = true;
      const body = headerBuffer.subarray(end.index + end.length);
      if (body.length) res.write(body);
    });
    child.on('close', code => {
      if (!headersSent) {
        res
          .status(500)
          .type('text/plain')
          .end(Buffer.concat(stderr).toString('utf8'));
        resolve(code ?? 1);
        return;
      }
      // The client learns the push succeeded only once its effects (events,
      // default branch) are recorded, so what it does next sees them.
      beforeEnd().then(
        () => {
          res.end();
          resolve(code ?? 1);
        },
        error => {
          res.destroy();
          reject(error);
        },
      );
    });
  });
}
