// The machine (and CI) run PostgreSQL 15 locally; TestDatabases would
// otherwise try to start a container, which this network cannot pull.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??= `postgresql://${
  process.env.POSTGRES_USER ?? 'postgres'
}@${process.env.POSTGRES_HOST ?? '127.0.0.1'}:${
  process.env.POSTGRES_PORT ?? 5432
}`;
