// Tests here start HTTP servers, TLS, git processes and child backends. On two shared cores,
// beside the rest of the suite, that can take longer than jest's 5 s default. testTimeout in
// package.json is a global jest option and is ignored when the repo runs all projects at once.
jest.setTimeout(30_000);
