import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CommitRecord,
  DeploymentRecord,
  IncidentRecord,
  PullRequestRecord,
  RepositoryHistory,
} from '../services/Metrics/types';
import {
  AdoptionRecord,
  CursorKind,
  DxStore,
  SlugResolution,
  StoredRepository,
} from './DxStore';

const migrationsDir = resolvePackagePath(
  '@callboard/plugin-dx-metrics-backend',
  'migrations',
);

/** Rows per insert: far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 100;

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const json = <T>(value: unknown): T => JSON.parse(String(value)) as T;

export class KnexDxStore implements DxStore {
  static async create(database: DatabaseService): Promise<KnexDxStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new KnexDxStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async #upsert(
    table: string,
    rows: Record<string, unknown>[],
    keys: string[],
  ): Promise<void> {
    for (let index = 0; index < rows.length; index += CHUNK) {
      await this.db(table)
        .insert(rows.slice(index, index + CHUNK))
        .onConflict(keys)
        .merge();
    }
  }

  async upsertRepository(repository: StoredRepository): Promise<void> {
    await this.#upsert(
      'dx_repositories',
      [
        {
          id: repository.id,
          full_name: repository.fullName,
          url: repository.url,
          default_branch: repository.defaultBranch,
          created_at: repository.createdAt,
          status: repository.status,
          updated_at: Date.now(),
        },
      ],
      ['id'],
    );
  }

  async getRepository(id: number): Promise<StoredRepository | undefined> {
    const row = await this.db('dx_repositories').where({ id }).first();
    return row ? toRepository(row) : undefined;
  }

  async setSlugResolution(resolution: SlugResolution): Promise<void> {
    await this.#upsert(
      'dx_repository_slugs',
      [
        {
          slug: resolution.slug.toLowerCase(),
          repository_id: resolution.repositoryId,
          status: resolution.status,
          reason: resolution.reason,
          checked_at: Date.now(),
        },
      ],
      ['slug'],
    );
  }

  async getSlugResolutions(
    slugs: string[],
  ): Promise<Map<string, SlugResolution>> {
    const result = new Map<string, SlugResolution>();
    const lower = [...new Set(slugs.map(slug => slug.toLowerCase()))];
    for (let index = 0; index < lower.length; index += CHUNK) {
      const rows = await this.db('dx_repository_slugs').whereIn(
        'slug',
        lower.slice(index, index + CHUNK),
      );
      for (const row of rows) {
        result.set(row.slug, {
          slug: row.slug,
          repositoryId: numOrNull(row.repository_id),
          status: row.status,
          reason: row.reason ?? null,
        });
      }
    }
    return result;
  }

  async upsertCommits(
    repositoryId: number,
    commits: CommitRecord[],
  ): Promise<void> {
    await this.#upsert(
      'dx_commits',
      commits.map(commit => ({
        repository_id: repositoryId,
        sha: commit.sha,
        ordinal: commit.ordinal,
        on_default_branch: true,
        authored_at: commit.authoredAt,
        committed_at: commit.committedAt,
        message: commit.message,
        author: commit.author,
        bot: commit.bot,
        paths: commit.paths === null ? null : JSON.stringify(commit.paths),
      })),
      ['repository_id', 'sha'],
    );
  }

  async knownCommits(
    repositoryId: number,
    shas: string[],
  ): Promise<Map<string, { ordinal: number; onDefaultBranch: boolean }>> {
    const result = new Map<
      string,
      { ordinal: number; onDefaultBranch: boolean }
    >();
    for (let index = 0; index < shas.length; index += CHUNK) {
      const rows = await this.db('dx_commits')
        .where({ repository_id: repositoryId })
        .whereIn('sha', shas.slice(index, index + CHUNK))
        .select('sha', 'ordinal', 'on_default_branch');
      for (const row of rows) {
        result.set(row.sha, {
          ordinal: num(row.ordinal),
          onDefaultBranch: Boolean(row.on_default_branch),
        });
      }
    }
    return result;
  }

  async maxOrdinal(repositoryId: number): Promise<number> {
    const row = await this.db('dx_commits')
      .where({ repository_id: repositoryId })
      .max({ max: 'ordinal' })
      .first();
    return numOrNull(row?.max) ?? 0;
  }

  async dropCommitsAbove(
    repositoryId: number,
    ordinal: number,
  ): Promise<number> {
    return this.db('dx_commits')
      .where({ repository_id: repositoryId, on_default_branch: true })
      .where('ordinal', '>', ordinal)
      .update({ on_default_branch: false });
  }

  async upsertPullRequests(
    repositoryId: number,
    pulls: Array<PullRequestRecord & { updatedAt: number }>,
  ): Promise<void> {
    await this.#upsert(
      'dx_pull_requests',
      pulls.map(pull => ({
        repository_id: repositoryId,
        number: pull.number,
        title: pull.title,
        url: pull.url,
        author: pull.author,
        bot: pull.bot,
        head_ref: pull.headRef,
        labels: JSON.stringify(pull.labels),
        created_at: pull.createdAt,
        updated_at: pull.updatedAt,
        merged_at: pull.mergedAt,
        merge_sha: pull.mergeSha,
        commits: JSON.stringify(pull.commits),
        first_review_at: pull.firstReviewAt,
        paths: pull.paths === null ? null : JSON.stringify(pull.paths),
      })),
      ['repository_id', 'number'],
    );
  }

  async upsertDeployments(
    repositoryId: number,
    deployments: DeploymentRecord[],
  ): Promise<void> {
    await this.#upsert(
      'dx_deployments',
      deployments.map(deployment => ({
        id: deployment.id,
        repository_id: repositoryId,
        environment: deployment.environment,
        sha: deployment.sha,
        status: deployment.status,
        created_at: deployment.createdAt,
        finished_at: deployment.finishedAt,
        component: deployment.component,
        url: deployment.url,
      })),
      ['id'],
    );
  }

  async upsertIncidents(
    repositoryId: number,
    incidents: IncidentRecord[],
  ): Promise<void> {
    await this.#upsert(
      'dx_incidents',
      incidents.map(incident => ({
        repository_id: repositoryId,
        number: incident.number,
        title: incident.title,
        url: incident.url,
        created_at: incident.createdAt,
        closed_at: incident.closedAt,
      })),
      ['repository_id', 'number'],
    );
  }

  async getCursor(
    repositoryId: number,
    kind: CursorKind,
  ): Promise<string | undefined> {
    const row = await this.db('dx_cursors')
      .where({ repository_id: repositoryId, kind })
      .first();
    return row?.value;
  }

  async setCursor(
    repositoryId: number,
    kind: CursorKind,
    value: string,
  ): Promise<void> {
    await this.#upsert(
      'dx_cursors',
      [{ repository_id: repositoryId, kind, value }],
      ['repository_id', 'kind'],
    );
  }

  async hasDelivery(deliveryId: string): Promise<boolean> {
    const row = await this.db('dx_deliveries')
      .where({ delivery_id: deliveryId })
      .first();
    return !!row;
  }

  async claimDelivery(
    deliveryId: string,
    event: string,
    at: number,
  ): Promise<boolean> {
    const inserted = await this.db('dx_deliveries')
      .insert({ delivery_id: deliveryId, event, received_at: at })
      .onConflict(['delivery_id'])
      .ignore()
      .returning('delivery_id');
    return inserted.length > 0;
  }

  async upsertAdoption(records: AdoptionRecord[]): Promise<void> {
    await this.#upsert(
      'dx_adoption',
      records.map(record => ({
        repository_id: record.repositoryId,
        lock_file: record.lockFile,
        template_name: record.templateName,
        template_version: record.templateVersion,
        reusable_workflow: record.reusableWorkflow,
        checked_at: record.checkedAt,
      })),
      ['repository_id'],
    );
  }

  async getAdoption(
    repositoryIds: number[],
  ): Promise<Map<number, AdoptionRecord>> {
    const result = new Map<number, AdoptionRecord>();
    for (let index = 0; index < repositoryIds.length; index += CHUNK) {
      const rows = await this.db('dx_adoption').whereIn(
        'repository_id',
        repositoryIds.slice(index, index + CHUNK),
      );
      for (const row of rows) {
        result.set(num(row.repository_id), {
          repositoryId: num(row.repository_id),
          lockFile: Boolean(row.lock_file),
          templateName: row.template_name ?? null,
          templateVersion: row.template_version ?? null,
          reusableWorkflow: Boolean(row.reusable_workflow),
          checkedAt: num(row.checked_at),
        });
      }
    }
    return result;
  }

  async getState(key: string): Promise<string | undefined> {
    const row = await this.db('dx_state').where({ key }).first();
    return row?.value;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.#upsert('dx_state', [{ key, value }], ['key']);
  }

  async dataVersion(): Promise<number> {
    const row = await this.db('dx_state')
      .where({ key: 'data_version' })
      .first();
    return row ? Number(row.value) : 0;
  }

  async bumpDataVersion(): Promise<void> {
    // A timestamp rather than a counter: two replicas bumping at once still move it forward.
    await this.#upsert(
      'dx_state',
      [{ key: 'data_version', value: String(Date.now()) }],
      ['key'],
    );
  }

  async loadHistory(
    repositoryId: number,
  ): Promise<RepositoryHistory | undefined> {
    return (await this.loadHistories([repositoryId])).get(repositoryId);
  }

  async loadHistories(
    repositoryIds: number[],
  ): Promise<Map<number, RepositoryHistory>> {
    const ids = [...new Set(repositoryIds)];
    const result = new Map<number, RepositoryHistory>();
    // One query per table for a whole team instead of five per service: a team page reads
    // fifty histories, and round trips, not rows, were what it waited for.
    for (let index = 0; index < ids.length; index += CHUNK) {
      const chunk = ids.slice(index, index + CHUNK);
      const [repositories, commits, pulls, deployments, incidents] =
        await Promise.all([
          this.db('dx_repositories').whereIn('id', chunk),
          this.db('dx_commits')
            .whereIn('repository_id', chunk)
            .andWhere({ on_default_branch: true })
            .orderBy(['repository_id', 'ordinal']),
          this.db('dx_pull_requests').whereIn('repository_id', chunk),
          this.db('dx_deployments')
            .whereIn('repository_id', chunk)
            .orderBy(['repository_id', 'finished_at']),
          this.db('dx_incidents').whereIn('repository_id', chunk),
        ]);
      const byRepository = (rows: Record<string, any>[]) => {
        const grouped = new Map<number, Record<string, any>[]>();
        for (const row of rows) {
          const id = num(row.repository_id);
          const list = grouped.get(id);
          if (list) {
            list.push(row);
          } else {
            grouped.set(id, [row]);
          }
        }
        return grouped;
      };
      const commitRows = byRepository(commits);
      const pullRows = byRepository(pulls);
      const deploymentRows = byRepository(deployments);
      const incidentRows = byRepository(incidents);
      for (const row of repositories) {
        const repository = toRepository(row);
        result.set(
          repository.id,
          toHistory(
            repository,
            commitRows.get(repository.id) ?? [],
            pullRows.get(repository.id) ?? [],
            deploymentRows.get(repository.id) ?? [],
            incidentRows.get(repository.id) ?? [],
          ),
        );
      }
    }
    return result;
  }

  async counts(): Promise<Record<string, number>> {
    const tables = [
      'dx_repositories',
      'dx_commits',
      'dx_pull_requests',
      'dx_deployments',
      'dx_incidents',
      'dx_deliveries',
    ];
    const result: Record<string, number> = {};
    for (const table of tables) {
      const row = await this.db(table).count({ count: '*' }).first();
      result[table] = Number(row?.count ?? 0);
    }
    return result;
  }
}

function toHistory(
  repository: StoredRepository,
  commits: Record<string, any>[],
  pulls: Record<string, any>[],
  deployments: Record<string, any>[],
  incidents: Record<string, any>[],
): RepositoryHistory {
  const deploymentRecords: DeploymentRecord[] = deployments.map(row => ({
    id: row.id,
    environment: row.environment,
    sha: row.sha,
    status: row.status,
    createdAt: num(row.created_at),
    finishedAt: num(row.finished_at),
    component: row.component ?? null,
    url: row.url,
  }));
  return {
    repository: repository.fullName,
    url: repository.url,
    createdAt: repository.createdAt ?? undefined,
    commits: commits.map(row => ({
      sha: row.sha,
      ordinal: num(row.ordinal),
      authoredAt: num(row.authored_at),
      committedAt: num(row.committed_at),
      message: row.message,
      author: row.author ?? null,
      bot: Boolean(row.bot),
      paths: row.paths === null ? null : json<string[]>(row.paths),
    })),
    pullRequests: pulls.map(row => ({
      number: num(row.number),
      title: row.title,
      url: row.url,
      author: row.author ?? null,
      bot: Boolean(row.bot),
      headRef: row.head_ref,
      labels: json<string[]>(row.labels),
      createdAt: num(row.created_at),
      mergedAt: numOrNull(row.merged_at),
      mergeSha: row.merge_sha ?? null,
      commits: json<PullRequestRecord['commits']>(row.commits),
      firstReviewAt: numOrNull(row.first_review_at),
      paths: row.paths === null ? null : json<string[]>(row.paths),
    })),
    deployments: deploymentRecords,
    incidents: incidents.map(row => ({
      number: num(row.number),
      title: row.title,
      url: row.url,
      createdAt: num(row.created_at),
      closedAt: numOrNull(row.closed_at),
    })),
    hasIncidentSignal: incidents.length > 0,
    deploymentSource: deploymentSourceOf(deploymentRecords),
  };
}

function deploymentSourceOf(
  deployments: DeploymentRecord[],
): RepositoryHistory['deploymentSource'] {
  if (deployments.length === 0) {
    return 'none';
  }
  return deployments.every(d => d.id.startsWith('run:'))
    ? 'workflow-runs'
    : 'deployments';
}

function toRepository(row: Record<string, any>): StoredRepository {
  return {
    id: num(row.id),
    fullName: row.full_name,
    url: row.url,
    defaultBranch: row.default_branch,
    createdAt: numOrNull(row.created_at),
    status: row.status,
  };
}
