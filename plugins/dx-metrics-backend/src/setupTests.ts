// Stores are tested on the machine's PostgreSQL as well as SQLite; CI provides the same server.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

// Tests start the sandbox GitHub and a test backend on two shared cores.
jest.setTimeout(60_000);
