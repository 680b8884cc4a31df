import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  INFRASTRUCTURE_REPO,
  ORG,
  startTidewaterGitHub,
  TidewaterGitHub,
} from './__testUtils__/scaffolderGitHub';
import {
  BackendProcess,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';
import {
  dropDatabases,
  POSTGRES,
  withDatabase,
} from './__testUtils__/postgres';

const DEFINITIONS_DIR = path.resolve(
  __dirname,
  '../../../catalog/demo/scorecards',
);
const CADENCE_SECONDS = 4;
const OBSERVED_SECONDS = 20;

jest.setTimeout(240_000);

const passesIn = (backend: BackendProcess) =>
  backend.output().split('Scorecards pass:').length - 1;

describe('two scorecards backends on one PostgreSQL database', () => {
  const prefix = `callboard_scorecards_${randomBytes(4).toString('hex')}_`;
  let github: TidewaterGitHub;
  const backends: BackendProcess[] = [];

  beforeAll(async () => {
    github = await startTidewaterGitHub();
    for (const name of fs.readdirSync(DEFINITIONS_DIR)) {
      await github.admin.rest.repos.createOrUpdateFileContents({
        owner: ORG,
        repo: INFRASTRUCTURE_REPO,
        path: `scorecards/${name}`,
        message: `Add scorecard definitions ${name}`,
        content: fs
          .readFileSync(path.join(DEFINITIONS_DIR, name))
          .toString('base64'),
      });
    }
    const overrides = {
      backend: {
        database: {
          client: 'pg',
          connection: { ...POSTGRES },
          prefix,
        },
      },
      integrations: { github: [github.integration] },
      scorecards: {
        definitions: {
          locations: [
            `${github.sandbox.url}/${ORG}/${INFRASTRUCTURE_REPO}/tree/main/scorecards`,
          ],
        },
        evaluation: {
          schedule: {
            frequency: { seconds: CADENCE_SECONDS },
            initialDelay: { seconds: 1 },
          },
        },
        github: { host: github.sandbox.host },
      },
    };
    // One after the other: both run migrations against the same database.
    backends.push(await startBackendProcess({ overrides }));
    backends.push(await startBackendProcess({ overrides }));
  });

  afterAll(async () => {
    await Promise.all(backends.map(b => b.stop()));
    await github?.close();
    await dropDatabases(prefix);
  });

  it('loads the demo definitions through the UrlReader, runs each scheduled pass once per cadence and writes no row twice', async () => {
    const before = backends.map(passesIn).reduce((a, b) => a + b, 0);
    await new Promise(resolve => setTimeout(resolve, OBSERVED_SECONDS * 1000));
    const passes = backends.map(passesIn);
    const during = passes.reduce((a, b) => a + b, 0) - before;
    // One replica per cadence: at most one pass per period (plus one at the window's edge),
    // where two uncoordinated replicas would make about twice as many.
    expect(during).toBeGreaterThanOrEqual(2);
    expect(during).toBeLessThanOrEqual(OBSERVED_SECONDS / CADENCE_SECONDS + 1);
    expect(backends.map(b => b.output()).join('\n')).not.toContain(
      'Scorecard definitions:',
    );

    await withDatabase(`${prefix}scorecards`, async client => {
      const results = await client.query(
        'select count(*)::int as count from scorecards_results',
      );
      expect(results.rows[0].count).toBeGreaterThan(0);
      const duplicatedLevels = await client.query(
        `select entity_ref, scorecard_id, level_index, score, count(*)::int as count
           from scorecards_level_history
          group by entity_ref, scorecard_id, level_index, score
         having count(*) > 1`,
      );
      expect(duplicatedLevels.rows).toEqual([]);
      const duplicatedTransitions = await client.query(
        `select entity_ref, check_id, changed_at, count(*)::int as count
           from scorecards_result_history
          group by entity_ref, check_id, changed_at
         having count(*) > 1`,
      );
      expect(duplicatedTransitions.rows).toEqual([]);
      const duplicatedFacts = await client.query(
        `select entity_ref, fact_id, value, count(*)::int as count
           from scorecards_fact_history
          group by entity_ref, fact_id, value
         having count(*) > 1`,
      );
      expect(duplicatedFacts.rows).toEqual([]);
    });
  });
});
