import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** Starts scaffolder tasks as the caller, so the task's initiator is who asked. */
export interface ScaffolderTasks {
  start(options: {
    templateRef: string;
    values: Record<string, unknown>;
    credentials: BackstageCredentials;
  }): Promise<{ taskId: string }>;
}

/** Calls the scaffolder's own `POST /v2/tasks` with a token on behalf of the caller. */
export class HttpScaffolderTasks implements ScaffolderTasks {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async start(options: {
    templateRef: string;
    values: Record<string, unknown>;
    credentials: BackstageCredentials;
  }): Promise<{ taskId: string }> {
    const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'scaffolder',
    });
    const response = await fetch(`${baseUrl}/v2/tasks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        templateRef: options.templateRef,
        values: options.values,
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const { id } = (await response.json()) as { id: string };
    return { taskId: id };
  }
}
