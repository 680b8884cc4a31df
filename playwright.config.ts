import { defineConfig } from '@playwright/test';

const BASE_URL = 'http://localhost:7107';
// The e2e sandbox's clusters accept this token, and the backend sends it: the infrastructure
// provider catalogs the demo's databases from the production cluster.
const E2E_KUBERNETES_TOKEN = 'callboard-e2e-kubernetes-token';

// Flags that let Debian's Chromium run headless as root on a machine with no internet.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Headless Chromium loads the omnibox's WebUI popups in a renderer of their own for every
  // window, so for every test's context: CPU the portal under test needs on two cores.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  webServer: [
    {
      // The local GitHub and Kubernetes sandbox, freshly seeded with one month of history,
      // so scaffolding publishes to a GitHub-compatible server offline.
      command:
        'node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts start --data-dir ../../.callboard/e2e-sandbox --reset --months 1 --github-port 7010 --kubernetes-port 7011 --production-kubernetes-port 7012',
      cwd: 'packages/sandbox',
      env: { CALLBOARD_SANDBOX_KUBERNETES_TOKEN: E2E_KUBERNETES_TOKEN },
      url: 'http://localhost:7010/api/v3/meta',
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      // The backend serves the app built by `yarn workspace @callboard/app build`.
      command:
        'node --require @backstage/cli/config/nodeTransform.cjs src/index.ts --config ../../app-config.yaml --config ../app/e2e-tests/app-config.e2e.yaml',
      cwd: 'packages/backend',
      env: {
        NODE_ENV: 'development',
        CALLBOARD_SANDBOX_GITHUB_TOKEN: 'sandbox-token',
        CALLBOARD_SANDBOX_KUBERNETES_TOKEN: E2E_KUBERNETES_TOKEN,
      },
      url: `${BASE_URL}/.backstage/health/v1/readiness`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
  ],
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  outputDir: 'e2e-test-results',
});
