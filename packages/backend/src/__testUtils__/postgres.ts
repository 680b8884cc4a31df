import { Client } from 'pg';

/** The PostgreSQL server the backend tests use: CI's local one unless POSTGRES_* say otherwise. */
export const POSTGRES = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD,
};

export async function withDatabase<T>(
  database: string,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ ...POSTGRES, database });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops every database whose name starts with the prefix: a backend with
 * `backend.database.prefix` creates one per plugin, and each test run uses its own prefix.
 */
export async function dropDatabases(prefix: string) {
  await withDatabase('postgres', async client => {
    const { rows } = await client.query(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
  });
}
