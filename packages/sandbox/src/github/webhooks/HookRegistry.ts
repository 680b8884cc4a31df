import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HookRecord, HookScope } from './types';

interface PersistedHooks {
  lastId: number;
  hooks: HookRecord[];
}

export interface HookInput {
  url: string;
  contentType?: 'json' | 'form';
  secret?: string;
  insecureSsl?: '0' | '1';
  events?: string[];
  active?: boolean;
}

export interface HookUpdate {
  url?: string;
  contentType?: 'json' | 'form';
  secret?: string;
  insecureSsl?: '0' | '1';
  events?: string[];
  addEvents?: string[];
  removeEvents?: string[];
  active?: boolean;
}

function sameScope(a: HookScope, b: HookScope): boolean {
  if (a.kind === 'repository' && b.kind === 'repository') {
    return a.repoId === b.repoId;
  }
  if (a.kind === 'organization' && b.kind === 'organization') {
    return a.orgId === b.orgId;
  }
  return a.kind === b.kind;
}

/**
 * Webhook configurations. Hooks created through the API persist in
 * `<dataDir>/webhooks.json` (next to the store's snapshot); hooks given to
 * `startGitHubServer` are configuration and are recreated on each start.
 */
export class HookRegistry {
  #lastId = 0;
  #hooks: HookRecord[] = [];
  readonly #file: string | undefined;
  readonly #now: () => string;
  readonly #onError: (error: unknown) => void;
  #saving: Promise<void> = Promise.resolve();

  constructor(options: {
    dataDir?: string;
    now: () => string;
    onError: (error: unknown) => void;
  }) {
    this.#now = options.now;
    this.#onError = options.onError;
    this.#file = options.dataDir
      ? path.join(options.dataDir, 'webhooks.json')
      : undefined;
    if (this.#file) {
      try {
        const saved = JSON.parse(
          readFileSync(this.#file, 'utf8'),
        ) as PersistedHooks;
        this.#lastId = saved.lastId;
        this.#hooks = saved.hooks;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw error;
        }
      }
    }
  }

  create(scope: HookScope, input: HookInput): HookRecord {
    const now = this.#now();
    this.#lastId += 1;
    const hook: HookRecord = {
      id: this.#lastId,
      scope,
      active: input.active ?? true,
      events: input.events ?? ['push'],
      config: {
        url: input.url,
        contentType: input.contentType ?? 'form',
        secret: input.secret || undefined,
        insecureSsl: input.insecureSsl ?? '0',
      },
      createdAt: now,
      updatedAt: now,
      lastResponse: { code: null, status: 'unused', message: null },
    };
    this.#hooks.push(hook);
    if (scope.kind !== 'sandbox') {
      this.#save();
    }
    return hook;
  }

  list(scope: HookScope): HookRecord[] {
    return this.#hooks.filter(hook => sameScope(hook.scope, scope));
  }

  get(scope: HookScope, id: number): HookRecord | undefined {
    return this.list(scope).find(hook => hook.id === id);
  }

  update(hook: HookRecord, update: HookUpdate): HookRecord {
    if (update.url !== undefined) hook.config.url = update.url;
    if (update.contentType !== undefined)
      hook.config.contentType = update.contentType;
    if (update.secret !== undefined)
      hook.config.secret = update.secret || undefined;
    if (update.insecureSsl !== undefined)
      hook.config.insecureSsl = update.insecureSsl;
    if (update.active !== undefined) hook.active = update.active;
    let events = update.events ?? hook.events;
    events = [...new Set([...events, ...(update.addEvents ?? [])])];
    hook.events = events.filter(
      event => !(update.removeEvents ?? []).includes(event),
    );
    hook.updatedAt = this.#now();
    this.#save();
    return hook;
  }

  delete(hook: HookRecord): void {
    this.#hooks = this.#hooks.filter(candidate => candidate !== hook);
    this.#save();
  }

  /** Active hooks that subscribed to `event` for a repository owned by `ownerId`. */
  subscribers(event: string, repoId: number, ownerId: number): HookRecord[] {
    return this.#hooks.filter(
      hook =>
        hook.active &&
        (hook.events.includes('*') || hook.events.includes(event)) &&
        (hook.scope.kind === 'sandbox' ||
          (hook.scope.kind === 'repository' && hook.scope.repoId === repoId) ||
          (hook.scope.kind === 'organization' && hook.scope.orgId === ownerId)),
    );
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.#saving;
  }

  #save(): void {
    const file = this.#file;
    if (!file) {
      return;
    }
    const snapshot: PersistedHooks = {
      lastId: this.#lastId,
      hooks: this.#hooks.filter(hook => hook.scope.kind !== 'sandbox'),
    };
    const text = JSON.stringify(snapshot);
    this.#saving = this.#saving
      .then(async () => {
        const temporary = `${file}.${process.pid}.tmp`;
        await fs.writeFile(temporary, text);
        await fs.rename(temporary, file);
      })
      .catch(this.#onError);
  }
}
