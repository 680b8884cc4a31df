import type { RepositoryProfile } from '../profiles';
import { camelCaseOf } from '../vocabulary';
import type { Dependency, LanguageKit } from './LanguageKit';

function dependenciesFor(profile: RepositoryProfile): Dependency[] {
  if (profile.topics.includes('backstage')) {
    return [
      { name: '@backstage/cli', version: '0.36.6' },
      { name: '@backstage/backend-defaults', version: '0.18.0' },
      { name: '@backstage/plugin-catalog-backend', version: '3.0.1' },
      { name: 'react', version: '18.3.1' },
    ];
  }
  if (profile.kind === 'website') {
    return [
      { name: 'next', version: '14.2.3' },
      { name: 'react', version: '18.3.1' },
      { name: 'react-dom', version: '18.3.1' },
      { name: '@tanstack/react-query', version: '5.40.0' },
    ];
  }
  if (profile.kind === 'library') {
    return [
      { name: 'jose', version: '5.4.0' },
      { name: 'zod', version: '3.23.8' },
    ];
  }
  return [
    { name: 'fastify', version: '4.27.0' },
    { name: 'graphql', version: '16.8.1' },
    { name: 'mercurius', version: '14.1.0' },
    { name: 'pino', version: '9.1.0' },
  ];
}

const DEV_DEPENDENCIES: Dependency[] = [
  { name: 'typescript', version: '5.4.5' },
  { name: 'vitest', version: '1.6.0' },
  { name: 'eslint', version: '8.57.0' },
];

function mainSourceFile(profile: RepositoryProfile): string {
  if (profile.kind === 'website') {
    return `import type { ReactNode } from 'react';

export const siteName = '${profile.title}';

export function Layout({ children }: { children: ReactNode }) {
  return <main className="page">{children}</main>;
}
`;
  }
  if (profile.kind === 'library') {
    return `export interface ClientOptions {
  baseUrl: string;
  timeoutMs?: number;
}

export function createClient(options: ClientOptions) {
  return { baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 5000 };
}
`;
  }
  return `import Fastify from 'fastify';

export function buildServer() {
  const server = Fastify({ logger: true });
  server.get('/healthz', async () => ({ status: 'ok' }));
  return server;
}
`;
}

export function typescriptKit(profile: RepositoryProfile): LanguageKit {
  const dependencies = dependenciesFor(profile);
  const packageName = `@${profile.org}/${profile.name}`;
  const dependencyLine = (dependency: Dependency) =>
    `    "${dependency.name}": "^${dependency.version}"`;
  const sourceDir = profile.kind === 'website' ? 'src/app' : 'src';
  const mainFile =
    profile.kind === 'website' ? `${sourceDir}/layout.tsx` : 'src/index.ts';
  const helpersFile = `${sourceDir}/${
    profile.kind === 'library' ? 'session' : 'handlers'
  }.ts`;
  const testFile = 'src/index.test.ts';
  const list = (items: Dependency[]) => items.map(dependencyLine).join(',\n');
  return {
    manifestPath: 'package.json',
    dependencies,
    dependencyLine,
    versionLine: version => `  "version": "${version}",`,
    files: () => ({
      'package.json': `{
  "name": "${packageName}",
  "version": "1.0.0",
  "private": ${profile.kind === 'library' ? 'false' : 'true'},
  "license": "UNLICENSED",
  "scripts": {
    "build": "tsc -p .",
    "lint": "eslint src",
    "test": "vitest run"
  },
  "dependencies": {
${list(dependencies)}
  },
  "devDependencies": {
${list(DEV_DEPENDENCIES)}
  }
}
`,
      'tsconfig.json': `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "strict": true,
    "outDir": "dist",
    "jsx": "react-jsx"
  },
  "include": ["src"]
}
`,
      [mainFile]: mainSourceFile(profile),
      [helpersFile]: `// Request handlers and helpers for ${profile.title}.\n`,
      [testFile]: `import { describe, expect, it } from 'vitest';

describe('${profile.name}', () => {
  it('starts', () => {
    expect(true).toBe(true);
  });
});
`,
    }),
    sourcePaths: [helpersFile, mainFile],
    testPath: testFile,
    symbolOf: phrase => camelCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'append',
      path,
      block: `/** ${summary} */
export function ${symbol}(input: string): string {
  return input.trim();
}
`,
    }),
    testEdit: (symbol, summary) => ({
      type: 'append',
      path: testFile,
      block: `describe('${symbol}', () => {
  it('${summary.toLowerCase().replace(/'/g, '')}', () => {
    expect('${symbol}').toBeTruthy();
  });
});
`,
    }),
    ciSteps: `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm run lint
      - run: npm test
      - run: npm run build
`,
    dockerfile: `FROM node:20-alpine AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-alpine
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
USER node
CMD ["node", "dist/index.js"]
`,
    gitignore: 'node_modules/\ndist/\ncoverage/\n.env\n',
  };
}
