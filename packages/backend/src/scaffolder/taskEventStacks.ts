import { Router } from 'express';

const STACK_FRAME = /^\s+at\s/;

/** A message without the `    at fn (/path/file.js:1:2)` lines of a stack trace. */
export function withoutStackFrames(message: string): string {
  return message
    .split('\n')
    .filter(line => !STACK_FRAME.test(line))
    .join('\n');
}

type TaskEventLike = {
  body?: { message?: unknown; error?: { stack?: unknown } };
};

export function withoutStacks<T>(event: T): T {
  const body = (event as TaskEventLike | null)?.body;
  if (!body || typeof body !== 'object') {
    return event;
  }
  const { stack: _stack, ...error } = body.error ?? {};
  return {
    ...event,
    body: {
      ...body,
      ...(typeof body.message === 'string'
        ? { message: withoutStackFrames(body.message) }
        : {}),
      ...(body.error ? { error } : {}),
    },
  };
}

/** Rewrites the `data:` line of one server-sent task event. */
export function withoutStacksInSse(chunk: string): string {
  return chunk.replace(/^data: (.*)$/m, (line, json: string) => {
    try {
      return `data: ${JSON.stringify(withoutStacks(JSON.parse(json)))}`;
    } catch {
      return line;
    }
  });
}

/**
 * The scaffolder logs a failed step's `err.stack` into the task's event log, which the Create
 * page shows to the user: Node stack frames with the server's file paths. Outside development
 * this router, ahead of the scaffolder's own, strips the frames from the events, the event
 * stream and a dry run's log, leaving the error's name and message.
 */
export function createTaskEventStacksRouter(): Router {
  const router = Router();
  router.get('/v2/tasks/:taskId/events', (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = body =>
      json(Array.isArray(body) ? body.map(withoutStacks) : body);
    next();
  });
  router.get('/v2/tasks/:taskId/eventstream', (_req, res, next) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(
        typeof chunk === 'string' ? withoutStacksInSse(chunk) : chunk,
        ...rest,
      )) as typeof res.write;
    next();
  });
  router.post('/v2/dry-run', (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = body =>
      json(
        Array.isArray(body?.log)
          ? { ...body, log: body.log.map(withoutStacks) }
          : body,
      );
    next();
  });
  return router;
}
