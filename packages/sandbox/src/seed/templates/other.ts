import type { RepositoryProfile } from '../profiles';
import { camelCaseOf } from '../vocabulary';
import type { Dependency, LanguageKit } from './LanguageKit';
import { typescriptKit } from './typescript';

/** Avro schemas with generated TypeScript bindings. */
export function schemasKit(profile: RepositoryProfile): LanguageKit {
  const base = typescriptKit({ ...profile, kind: 'library' });
  const bindings = 'src/topics.ts';
  const schema = (name: string, fields: Array<[string, string]>) =>
    `${JSON.stringify(
      {
        type: 'record',
        name,
        namespace: `com.${profile.org}.events`,
        fields: fields.map(([fieldName, type]) => ({ name: fieldName, type })),
      },
      null,
      2,
    )}\n`;
  return {
    ...base,
    files: () => ({
      ...base.files(),
      [bindings]: `// Topic names and schema subjects, generated from schemas/.\n`,
      'schemas/orders/OrderPlaced.avsc': schema('OrderPlaced', [
        ['orderId', 'string'],
        ['customerId', 'string'],
        ['totalMinor', 'long'],
        ['currency', 'string'],
      ]),
      'schemas/inventory/StockChanged.avsc': schema('StockChanged', [
        ['sku', 'string'],
        ['warehouseId', 'string'],
        ['delta', 'int'],
      ]),
      'schemas/payments/PaymentCaptured.avsc': schema('PaymentCaptured', [
        ['paymentId', 'string'],
        ['orderId', 'string'],
        ['amountMinor', 'long'],
      ]),
    }),
    sourcePaths: [bindings],
    codeEdit: (path, symbol, summary) => ({
      type: 'append',
      path,
      block: `/** ${summary} */\nexport const ${symbol}Subject = '${profile.org}.${symbol}-value';\n`,
    }),
    ciSteps: `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm run lint
      - name: Check schema compatibility
        run: npx avro-compat check schemas/ --against origin/main
      - run: npm test
`,
  };
}

const ACTION_DEPENDENCIES: Dependency[] = [
  { name: 'actions/checkout', version: '4.1.6' },
  { name: 'docker/build-push-action', version: '5.3.0' },
  { name: 'aquasecurity/trivy-action', version: '0.20.0' },
];

/** Reusable GitHub Actions workflows. */
export function actionsKit(): LanguageKit {
  const build = '.github/workflows/build.yaml';
  const deploy = '.github/workflows/deploy-service.yaml';
  const dependencyLine = (dependency: Dependency) =>
    `      - uses: ${dependency.name}@v${dependency.version}`;
  return {
    manifestPath: build,
    dependencies: ACTION_DEPENDENCIES,
    dependencyLine,
    versionLine: () => undefined,
    files: () => ({
      [build]: `name: Build
on:
  workflow_call:
    inputs:
      image:
        type: string
        required: true
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
${ACTION_DEPENDENCIES.map(dependencyLine).join('\n')}
`,
      [deploy]: `name: Deploy service
on:
  workflow_call:
    inputs:
      environment:
        type: string
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: \${{ inputs.environment }}
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/rollout.sh "\${{ inputs.environment }}"
`,
      // The workflow the golden path's services call (templates/service-nodejs).
      '.github/workflows/node-service.yaml': `name: Node.js service
on:
  workflow_call:
    inputs:
      node-version: { type: string, default: '22' }
      image: { type: string, required: true }
      lint: { type: boolean, default: true }
      test: { type: boolean, default: true }
      build: { type: boolean, default: true }
      scan: { type: boolean, default: true }
      sign: { type: boolean, default: false }
      push: { type: boolean, default: false }
jobs:
  node-service:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ inputs.node-version }}
      - run: npm ci
      - if: \${{ inputs.lint }}
        run: npm run lint
      - if: \${{ inputs.test }}
        run: npm test
`,
      'scripts/rollout.sh': `#!/usr/bin/env bash
set -euo pipefail
kubectl rollout status "deployment/\${SERVICE}" -n "\${NAMESPACE}" --timeout=5m
`,
    }),
    sourcePaths: [build, deploy],
    testPath: undefined,
    symbolOf: phrase => camelCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'append',
      path,
      block: `      - name: ${summary}\n        run: ./scripts/${symbol}.sh\n`,
    }),
    testEdit: () => undefined,
    ciSteps: `      - uses: actions/checkout@v4
      - name: Lint workflows
        run: docker run --rm -v "$PWD:/repo" -w /repo rhysd/actionlint:1.7.1
`,
    dockerfile: undefined,
    gitignore: '.DS_Store\n',
  };
}

const PROVIDERS: Dependency[] = [
  { name: 'crossplane-contrib/provider-aws', version: '0.47.1' },
  { name: 'crossplane-contrib/provider-kubernetes', version: '0.13.0' },
];

export interface InfrastructureFiles {
  /** Path inside the repository → YAML, e.g. the XRD and Composition. */
  platformApis: Record<string, string>;
  /** Path inside the repository → claim YAML, one per existing database. */
  claims: Record<string, string>;
  /** Path inside the repository → the platform's scorecard definitions. */
  scorecards?: Record<string, string>;
}

/** Crossplane platform APIs and the claims teams propose by pull request. */
export function infrastructureKit(
  infrastructure: InfrastructureFiles,
): LanguageKit {
  const providers = 'crossplane/providers.yaml';
  const operations = 'docs/operations.md';
  const dependencyLine = (dependency: Dependency) =>
    `  package: xpkg.upbound.io/${dependency.name}:v${dependency.version}`;
  return {
    manifestPath: providers,
    dependencies: PROVIDERS,
    dependencyLine,
    versionLine: () => undefined,
    files: () => ({
      [providers]: PROVIDERS.map(
        provider => `apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata:
  name: ${provider.name.split('/')[1]}
spec:
${dependencyLine(provider)}
`,
      ).join('---\n'),
      ...infrastructure.platformApis,
      ...infrastructure.claims,
      ...infrastructure.scorecards,
      'claims/README.md': `# Database claims

Each file here is a Crossplane claim that a team owns. Callboard's database
template opens a pull request that adds one; once it is merged, the claim is
applied to the cluster and Crossplane provisions the database.

\`\`\`yaml
apiVersion: platform.callboard.dev/v1alpha1
kind: PostgreSQLInstance
metadata:
  name: orders-db
  namespace: storefront
spec:
  parameters:
    storageGB: 100
    version: "16"
    size: medium
    highAvailability: true
  writeConnectionSecretToRef:
    name: orders-db-connection
\`\`\`

Layout: \`claims/<namespace>/<name>.yaml\`. Parameters are validated by the
\`xpostgresqlinstances.platform.callboard.dev\` XRD in \`crossplane/\`.
`,
      [operations]: `# Operating the platform\n`,
      Makefile: `.PHONY: validate

validate:
\tkubeconform -strict -ignore-missing-schemas crossplane/ claims/
`,
    }),
    sourcePaths: [operations],
    testPath: undefined,
    symbolOf: phrase => camelCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'append',
      path,
      block: `\n## ${summary}\n\nSee \`make ${symbol}\` for the procedure.\n`,
    }),
    testEdit: () => undefined,
    ciSteps: `      - uses: actions/checkout@v4
      - name: Validate manifests
        run: make validate
`,
    dockerfile: undefined,
    gitignore: '.DS_Store\n*.tfstate\n',
  };
}
