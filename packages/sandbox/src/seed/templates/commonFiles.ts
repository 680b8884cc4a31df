import type { RepositoryProfile } from '../profiles';
import type { LanguageKit } from './LanguageKit';
import { GOLDEN_PATH_TEMPLATE } from '../standards';
import { techDocsFiles } from './docs';

function readme(profile: RepositoryProfile, kit: LanguageKit): string {
  const run = profile.kubernetesId
    ? `\n## Running locally\n\nSee \`${kit.manifestPath}\` for the toolchain. CI builds a container image from the \`Dockerfile\` and \`deploy.yaml\` rolls it out to \`staging\`, then \`production\`.\n`
    : '';
  return `# ${profile.title}

${profile.description}

Owned by **${profile.ownerTeam}**${
    profile.system ? ` as part of the \`${profile.system}\` system` : ''
  }. Questions go to the team's channel; incidents are tracked as issues labelled \`incident\`.
${run}
## Contributing

Open a pull request against \`main\`; one approval from ${
    profile.ownerTeam
  } is required.
`;
}

function ciWorkflow(kit: LanguageKit): string {
  return `name: CI
on:
  push:
    branches: [main]
  pull_request:
concurrency:
  group: ci-\${{ github.ref }}
  cancel-in-progress: true
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
${kit.ciSteps}`;
}

function deployWorkflow(profile: RepositoryProfile): string {
  const namespace = profile.system ?? profile.ownerTeam;
  const ref = profile.standards.platformWorkflowRef ?? 'main';
  return `name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
concurrency:
  group: deploy-\${{ github.repository }}
jobs:
  image:
    uses: ${profile.org}/ci-templates/.github/workflows/build.yaml@${ref}
    with:
      image: ghcr.io/${profile.org}/${profile.name}
  staging:
    needs: image
    uses: ${profile.org}/ci-templates/.github/workflows/deploy-service.yaml@${ref}
    with:
      environment: staging
    secrets: inherit
  production:
    needs: staging
    uses: ${profile.org}/ci-templates/.github/workflows/deploy-service.yaml@${ref}
    with:
      environment: production
    secrets: inherit
# Rolls out deployment/${profile.kubernetesId} in namespace ${namespace}.
`;
}

/** The lock file the golden path writes (plugins/scaffolder-backend-module-callboard, lockFile.ts). */
function goldenPathLock(profile: RepositoryProfile, version: string): string {
  return `${JSON.stringify(
    {
      template: {
        name: GOLDEN_PATH_TEMPLATE,
        version,
        entityRef: `template:default/${GOLDEN_PATH_TEMPLATE}`,
      },
      values: { name: profile.name, owner: profile.ownerTeam },
      renderedAt: new Date(profile.createdAt).toISOString(),
    },
    null,
    2,
  )}\n`;
}

function releaseWorkflow(): string {
  return `name: Release
on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      packages: write
    steps:
      - uses: actions/checkout@v4
      - run: make release || npm publish
`;
}

/** Files every repository has, whatever its language. */
export function commonFiles(
  profile: RepositoryProfile,
  kit: LanguageKit,
): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': readme(profile, kit),
    'catalog-info.yaml': profile.catalogInfo,
    '.gitignore': kit.gitignore,
    '.github/CODEOWNERS': `* @${profile.org}/${profile.ownerTeam}\n`,
    '.github/workflows/ci.yaml': ciWorkflow(kit),
  };
  if (profile.kubernetesId) {
    files['.github/workflows/deploy.yaml'] = deployWorkflow(profile);
    if (kit.dockerfile) {
      files.Dockerfile = kit.dockerfile;
    }
  }
  if (profile.publishesReleases) {
    files['.github/workflows/release.yaml'] = releaseWorkflow();
    files[
      'CHANGELOG.md'
    ] = `# Changelog\n\n## 1.0.0\n\n- First stable release.\n`;
  }
  const goldenPathVersion = profile.standards.goldenPathVersion;
  if (goldenPathVersion) {
    files['.callboard/template.json'] = goldenPathLock(
      profile,
      goldenPathVersion,
    );
  }
  return profile.hasTechDocs
    ? { ...files, ...techDocsFiles(profile, kit) }
    : files;
}
