import express, { RequestHandler } from 'express';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { precompressedStaticAssets } from './precompressedStaticAssets';

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

type Reply = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
};

describe('precompressedStaticAssets', () => {
  let root: string;
  let staticDir: string;
  let server: http.Server;
  let port: number;
  const wrapped = jest.fn<void, Parameters<RequestHandler>>(
    (_req, res, next) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    },
  );

  /** A request with raw bytes back: Node's fetch would decode the body and hide the encoding. */
  function request(
    urlPath: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: urlPath, method, headers },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  function writeWithCopies(name: string, content: string) {
    const file = path.join(staticDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content));
    return file;
  }

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'precompressed-'));
    staticDir = path.join(root, 'static');
    fs.mkdirSync(staticDir);
    wrapped.mockClear();
    const app = express();
    app.use(
      '/static',
      precompressedStaticAssets({ staticDir, middleware: [wrapped] }),
    );
    // Stands in for app-backend: whatever the middleware passes on ends here.
    app.use((req, res) => {
      res.status(299).send(`app-backend ${req.method} ${req.path}`);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise(resolve => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('sends the brotli copy of a script to a browser that accepts brotli', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);

    const reply = await request('/static/main.abc123.js', {
      'Accept-Encoding': 'gzip, deflate, br',
    });

    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers['content-type']).toMatch(/^application\/javascript/);
    expect(reply.headers['cache-control']).toBe('public, max-age=1209600');
    expect(reply.headers.vary).toMatch(/Accept-Encoding/);
    expect(zlib.brotliDecompressSync(reply.body).toString()).toBe(SCRIPT);
  });

  it('runs the default middleware before sending a copy', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);

    const reply = await request('/static/main.abc123.js', {
      'Accept-Encoding': 'br',
    });

    expect(wrapped).toHaveBeenCalledTimes(1);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends copies without extra middleware too', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);
    const bare = express();
    bare.use('/static', precompressedStaticAssets({ staticDir }));
    const bareServer = bare.listen(0, '127.0.0.1');
    await new Promise(resolve => bareServer.once('listening', resolve));
    const reply = await new Promise<http.IncomingMessage>(resolve =>
      http.get(
        {
          host: '127.0.0.1',
          port: (bareServer.address() as AddressInfo).port,
          path: '/static/main.abc123.js',
          headers: { 'Accept-Encoding': 'br' },
        },
        resolve,
      ),
    );
    reply.resume();
    await new Promise(resolve => bareServer.close(resolve));

    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
  });

  it('sends the gzip copy when the browser does not accept brotli', async () => {
    writeWithCopies('vendor.def456.css', 'body { color: black; }\n');

    const reply = await request('/static/vendor.def456.css', {
      'Accept-Encoding': 'gzip, deflate',
    });

    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['content-type']).toMatch(/^text\/css/);
    expect(zlib.gunzipSync(reply.body).toString()).toBe(
      'body { color: black; }\n',
    );
  });

  it('answers HEAD with the headers of the copy and no body', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);

    const reply = await request(
      '/static/main.abc123.js',
      { 'Accept-Encoding': 'br' },
      'HEAD',
    );

    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.body.length).toBe(0);
  });

  it('passes a client that accepts no encoding on to app-backend', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);

    const reply = await request('/static/main.abc123.js', {
      'Accept-Encoding': 'identity',
    });

    expect(reply.status).toBe(299);
    expect(reply.body.toString()).toBe(
      'app-backend GET /static/main.abc123.js',
    );
    expect(wrapped).not.toHaveBeenCalled();
  });

  it('passes a brotli refused with q=0 over to gzip', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);

    const reply = await request('/static/main.abc123.js', {
      'Accept-Encoding': 'br;q=0, gzip',
    });

    expect(reply.headers['content-encoding']).toBe('gzip');
  });

  it('passes a file rewritten after its copies were made on to app-backend', async () => {
    const file = writeWithCopies('main.abc123.js', SCRIPT);
    // As app-backend does when it injects the config into a script.
    const later = new Date(Date.now() + 60_000);
    fs.writeFileSync(file, `${SCRIPT}/* config */`);
    fs.utimesSync(file, later, later);

    const reply = await request('/static/main.abc123.js', {
      'Accept-Encoding': 'br, gzip',
    });

    expect(reply.status).toBe(299);
  });

  it('passes a file without copies on to app-backend', async () => {
    fs.writeFileSync(path.join(staticDir, 'tiny.js'), 'x();');

    const reply = await request('/static/tiny.js', { 'Accept-Encoding': 'br' });

    expect(reply.status).toBe(299);
  });

  it('passes a missing file on to app-backend', async () => {
    const reply = await request('/static/gone.js', { 'Accept-Encoding': 'br' });

    expect(reply.status).toBe(299);
  });

  it('never sends a copy from outside the static folder', async () => {
    fs.writeFileSync(path.join(root, 'secret.js'), SCRIPT);
    fs.writeFileSync(
      path.join(root, 'secret.js.br'),
      zlib.brotliCompressSync(SCRIPT),
    );

    const reply = await request('/static/..%2fsecret.js', {
      'Accept-Encoding': 'br',
    });

    expect(reply.status).toBe(299);
    expect(reply.headers['content-encoding']).toBeUndefined();
  });

  it('passes a malformed path on to app-backend', async () => {
    const reply = await request('/static/%E0%A4%A.js', {
      'Accept-Encoding': 'br',
    });

    expect(reply.status).toBe(299);
  });

  it('passes requests other than GET and HEAD on to app-backend', async () => {
    writeWithCopies('main.abc123.js', SCRIPT);

    const reply = await request(
      '/static/main.abc123.js',
      { 'Accept-Encoding': 'br' },
      'POST',
    );

    expect(reply.body.toString()).toBe(
      'app-backend POST /static/main.abc123.js',
    );
  });

  it('sends copies from folders below the static folder', async () => {
    writeWithCopies('react-syntax-highlighter/lowlight.abc.chunk.js', SCRIPT);

    const reply = await request(
      '/static/react-syntax-highlighter/lowlight.abc.chunk.js',
      { 'Accept-Encoding': 'br' },
    );

    expect(reply.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(reply.body).toString()).toBe(SCRIPT);
  });
});
