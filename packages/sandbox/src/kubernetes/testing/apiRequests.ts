/** Helpers for tests that talk to a sandbox over HTTP with the platform fetch. */
export interface ApiResponse {
  status: number;
  contentType: string;
  text: string;
  // Tests assert on arbitrary response shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface ApiRequestOptions {
  /** Serialized as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  accept?: string;
  /** Overrides the sandbox token; null sends no Authorization header. */
  token?: string | null;
}

export function apiClient(sandbox: { url: string; token: string }) {
  return async (
    method: string,
    path: string,
    options: ApiRequestOptions = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? sandbox.token : options.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (options.accept) headers.Accept = options.accept;
    let body: string | undefined;
    if (options.rawBody !== undefined || options.body !== undefined) {
      body = options.rawBody ?? JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers,
      body,
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      contentType,
      text,
      body: contentType.startsWith('application/json')
        ? JSON.parse(text)
        : undefined,
    };
  };
}

export interface WatchEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  object: any;
}

/** Reads newline-delimited watch events from a streaming response. */
export async function openWatch(
  sandbox: { url: string; token: string },
  path: string,
  accept?: string,
) {
  const controller = new AbortController();
  const response = await fetch(`${sandbox.url}${path}`, {
    headers: {
      Authorization: `Bearer ${sandbox.token}`,
      ...(accept ? { Accept: accept } : {}),
    },
    signal: controller.signal,
  });
  if (!response.body) throw new Error('watch response has no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const pending: WatchEvent[] = [];
  let ended = false;

  const fill = async () => {
    while (!buffered.includes('\n') && !ended) {
      const chunk = await reader.read();
      if (chunk.done) ended = true;
      else buffered += decoder.decode(chunk.value, { stream: true });
    }
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    pending.push(
      ...lines.filter(Boolean).map(line => JSON.parse(line) as WatchEvent),
    );
  };

  return {
    status: response.status,
    /** The next event, or undefined once the server ended the stream. */
    async next(): Promise<WatchEvent | undefined> {
      while (pending.length === 0 && !ended) await fill();
      return pending.shift();
    },
    /** Events until `predicate` holds for one of them (that one included). */
    async until(
      predicate: (event: WatchEvent) => boolean,
    ): Promise<WatchEvent[]> {
      const seen: WatchEvent[] = [];
      for (;;) {
        const event = await this.next();
        if (!event)
          throw new Error(
            `watch ended before the expected event; saw ${JSON.stringify(
              seen,
            )}`,
          );
        seen.push(event);
        if (predicate(event)) return seen;
      }
    },
    close() {
      controller.abort();
    },
  };
}
