import { devUserToken, guestToken } from './guestSignIn';

export const SERVICE_TEMPLATE = 'template:default/service-nodejs';

export type TaskStatus =
  | 'open'
  | 'processing'
  | 'failed'
  | 'cancelled'
  | 'completed'
  | 'skipped';

export type TaskEvent = {
  id: number;
  taskId: string;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  createdAt: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    output?: TaskOutput;
    error?: { name: string; message: string };
  };
};

export type TaskOutput = {
  links?: { title?: string; url?: string; entityRef?: string }[];
};

/** The outcome of a run as the Create page shows it: final status, log and output. */
export type TaskRun = {
  taskId: string;
  status: TaskStatus;
  events: TaskEvent[];
  output: TaskOutput;
  /** The last completion event's message and error, for failure assertions. */
  failure?: string;
  log(): string;
  stepStatuses(): Record<string, string>;
};

/** A client for the scaffolder's task API, signed in as the guest user like the Create page. */
export class ScaffolderApi {
  static async signInAsGuest(baseUrl: string): Promise<ScaffolderApi> {
    return new ScaffolderApi(baseUrl, await guestToken(baseUrl));
  }

  /** Signs in as a catalog user the backend lists in `auth.providers.devUsers.users`. */
  static async signInAs(
    baseUrl: string,
    userName: string,
  ): Promise<ScaffolderApi> {
    return new ScaffolderApi(baseUrl, await devUserToken(baseUrl, userName));
  }

  constructor(readonly baseUrl: string, private readonly token: string) {}

  /** POST /v2/tasks; the status and body are returned as they are, refusals included. */
  async createTask(
    values: Record<string, unknown>,
    templateRef = SERVICE_TEMPLATE,
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ templateRef, values }),
    });
    return { status: response.status, body: await response.json() };
  }

  async submit(values: Record<string, unknown>): Promise<string> {
    const { status, body } = await this.createTask(values);
    if (status !== 201) {
      throw new Error(
        `Creating the task answered ${status}: ${JSON.stringify(body)}`,
      );
    }
    return body.id;
  }

  async getTask(taskId: string): Promise<{ id: string; status: TaskStatus }> {
    return this.request('GET', `/v2/tasks/${taskId}`);
  }

  /** GET /v2/tasks: the tasks this user may read, as the task list page shows them. */
  async listTasks(): Promise<{ id: string; status: TaskStatus }[]> {
    const body = await this.request<{
      tasks: { id: string; status: TaskStatus }[];
    }>('GET', '/v2/tasks');
    return body.tasks;
  }

  /** Long-polls like the Create page: answers as soon as there are events after `after`. */
  async events(taskId: string, after?: number): Promise<TaskEvent[]> {
    const query = after === undefined ? '' : `?after=${after}`;
    return this.request('GET', `/v2/tasks/${taskId}/events${query}`);
  }

  /**
   * POST /v2/dry-run the way the template editor does: the template, the files of its
   * folder and the form values. Nothing is published; the answer carries the log, the
   * output and the files the steps would have produced.
   */
  async dryRun(
    template: unknown,
    values: Record<string, unknown>,
    directoryContents: { path: string; base64Content: string }[],
  ): Promise<{
    log: { body: { message: string; stepId?: string; status?: string } }[];
    output: Record<string, unknown>;
    directoryContents: { path: string; base64Content: string }[];
  }> {
    return this.request('POST', '/v2/dry-run', {
      template,
      values,
      secrets: {},
      directoryContents,
    });
  }

  async retry(taskId: string): Promise<void> {
    await this.request('POST', `/v2/tasks/${taskId}/retry`, {});
  }

  /**
   * Follows a task's event log until it completes. `onEvent` sees every event as it
   * arrives, so a test can act in the middle of a run.
   */
  async follow(
    taskId: string,
    options: {
      timeoutMs?: number;
      onEvent?: (event: TaskEvent) => void | Promise<void>;
      after?: number;
    } = {},
  ): Promise<TaskRun> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    const events: TaskEvent[] = [];
    let after = options.after;
    for (;;) {
      if (Date.now() > deadline) {
        throw new Error(
          `Task ${taskId} did not complete in time; its log so far:\n${describe(
            events,
          )}`,
        );
      }
      const batch = await this.events(taskId, after);
      for (const event of batch) {
        events.push(event);
        after = event.id;
        await options.onEvent?.(event);
      }
      const completion = batch.find(event => event.type === 'completion');
      if (completion) {
        const task = await this.getTask(taskId);
        return taskRun(taskId, task.status, events, completion);
      }
    }
  }

  /** Reads the log until an event matches; fails if the task completes first. */
  async waitForEvent(
    taskId: string,
    predicate: (event: TaskEvent) => boolean,
    timeoutMs = 120_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let after: number | undefined;
    while (Date.now() < deadline) {
      for (const event of await this.events(taskId, after)) {
        after = event.id;
        if (predicate(event)) {
          return;
        }
        if (event.type === 'completion') {
          throw new Error(`Task ${taskId} completed before the awaited event`);
        }
      }
    }
    throw new Error(`Timed out waiting for an event of task ${taskId}`);
  }

  private async request<T>(
    method: string,
    urlPath: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/scaffolder${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(
        `${method} ${urlPath} failed with ${
          response.status
        }: ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  }
}

function taskRun(
  taskId: string,
  status: TaskStatus,
  events: TaskEvent[],
  completion: TaskEvent,
): TaskRun {
  const error = completion.body.error;
  return {
    taskId,
    status,
    events,
    output: completion.body.output ?? {},
    failure: error ? `${error.name}: ${error.message}` : undefined,
    log: () => describe(events),
    stepStatuses: () => {
      const statuses: Record<string, string> = {};
      for (const { body } of events) {
        if (body.stepId && body.status) {
          statuses[body.stepId] = body.status;
        }
      }
      return statuses;
    },
  };
}

function describe(events: TaskEvent[]): string {
  return events
    .map(
      ({ type, body }) =>
        `${type}${body.stepId ? ` [${body.stepId}]` : ''}${
          body.status ? ` (${body.status})` : ''
        } ${body.message ?? ''}${
          body.error ? ` ${body.error.name}: ${body.error.message}` : ''
        }`,
    )
    .join('\n');
}
