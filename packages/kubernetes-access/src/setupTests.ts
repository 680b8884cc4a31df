// Tests start TLS API servers; on two shared cores that can exceed jest's 5 s default.
jest.setTimeout(30_000);
