// Tests here start the sandbox's HTTP server; on two shared cores beside the rest of the
// suite that can take longer than jest's 5 s default.
jest.setTimeout(30_000);
