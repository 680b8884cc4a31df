import { lintDockerfile } from './dockerfileLint';

const compliant = `# syntax=docker/dockerfile:1.7
ARG NODE_IMAGE_TAG=22.23.3-bookworm-slim
FROM node:22.23.3-bookworm-slim AS build
WORKDIR /app
COPY --chown=node:node package.json package-lock.json ./
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
RUN npm ci

FROM gcr.io/distroless/nodejs22-debian12:nonroot
WORKDIR /app
COPY --from=build --chown=nonroot:nonroot /app/dist ./dist
USER nonroot
# Distroless has no shell to run a probe; Kubernetes probes /healthz instead.
HEALTHCHECK NONE
CMD ["dist/index.js"]
`;

function lint(content: string) {
  return lintDockerfile(content, 'Dockerfile').map(issue => issue.problem);
}

describe('lintDockerfile', () => {
  it('accepts a pinned multi-stage build that runs as nonroot', () => {
    expect(lint(compliant)).toEqual([]);
  });

  it('accepts digests, stage references and a real HEALTHCHECK', () => {
    const content = `FROM registry.example/base@sha256:${'a'.repeat(64)} AS base
FROM base
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]
ENTRYPOINT ["/app/server"]
`;
    expect(lint(content)).toEqual([]);
  });

  it.each([
    [
      'DL3006',
      'an untagged base image',
      compliant.replace('node:22.23.3-bookworm-slim', 'node'),
    ],
    [
      'DL3006',
      'a base image from a build argument',
      compliant.replace('node:22.23.3-bookworm-slim AS', '${NODE_IMAGE} AS'),
    ],
    ['DL3007', 'the latest tag', compliant.replace(':nonroot', ':latest')],
    [
      'CB001',
      'a final stage without USER',
      compliant.replace('USER nonroot\n', ''),
    ],
    [
      'CB001',
      'a final stage running as root',
      compliant.replace('USER nonroot', 'USER 0:0'),
    ],
    [
      'DL3020',
      'ADD of a URL',
      compliant.replace('RUN npm ci', 'ADD https://example.com/tool.tgz /tmp/'),
    ],
    [
      'DL3020',
      'ADD of plain files',
      compliant.replace('RUN npm ci', 'ADD src /app/src'),
    ],
    [
      'CB002',
      'COPY without --chown into the final stage',
      compliant.replace(
        'COPY --from=build --chown=nonroot:nonroot',
        'COPY --from=build',
      ),
    ],
    [
      'CB003',
      'no HEALTHCHECK',
      compliant.replace(/# Distroless.*\nHEALTHCHECK NONE\n/, ''),
    ],
    [
      'CB003',
      'HEALTHCHECK NONE without a reason',
      compliant.replace(/# Distroless.*\n/, ''),
    ],
    [
      'DL3000',
      'a relative WORKDIR',
      compliant.replace(
        'WORKDIR /app\nCOPY --chown=node',
        'WORKDIR app\nCOPY --chown=node',
      ),
    ],
    ['DL3004', 'sudo', compliant.replace('RUN npm ci', 'RUN sudo npm ci')],
    [
      'DL3015',
      'apt-get install without --no-install-recommends',
      compliant.replace(' --no-install-recommends', ''),
    ],
    [
      'DL3025',
      'a shell-form CMD',
      compliant.replace('CMD ["dist/index.js"]', 'CMD node dist/index.js'),
    ],
    ['DL4003', 'two CMDs in a stage', `${compliant}CMD ["other.js"]\n`],
    [
      'DL4000',
      'MAINTAINER',
      compliant.replace(
        'WORKDIR /app\nCOPY --chown=node',
        'MAINTAINER me\nWORKDIR /app\nCOPY --chown=node',
      ),
    ],
    ['CB004', 'an instruction before FROM', `RUN echo hi\n${compliant}`],
  ])('reports %s for %s', (rule, _, content) => {
    expect(lint(content)).toContainEqual(
      expect.stringMatching(new RegExp(`^line \\d+: ${rule} `)),
    );
  });

  it('reports the line of the offending instruction across continuations', () => {
    const content = compliant.replace(
      'RUN npm ci',
      'RUN npm ci \\\n  && sudo true',
    );
    expect(lint(content)).toEqual(['line 8: DL3004 do not use sudo in RUN']);
  });
});
