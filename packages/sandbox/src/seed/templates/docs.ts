import type { RepositoryProfile } from '../profiles';
import type { LanguageKit } from './LanguageKit';

/**
 * The MkDocs site TechDocs builds for a component: an overview, a runbook and
 * the APIs it provides and consumes. The theme is named here because Callboard
 * builds without the techdocs-core plugin (which would otherwise pick it), and
 * MkDocs' search plugin writes the index that TechDocs search collates.
 */
export function techDocsFiles(
  profile: RepositoryProfile,
  kit: LanguageKit,
): Record<string, string> {
  return {
    'mkdocs.yml': `site_name: ${JSON.stringify(profile.title)}
site_description: ${JSON.stringify(profile.description)}
theme:
  name: material
nav:
  - Overview: index.md
  - Runbook: runbook.md
  - API: api.md
plugins:
  - search
`,
    'docs/index.md': overview(profile, kit),
    'docs/runbook.md': runbook(profile),
    'docs/api.md': api(profile),
  };
}

function overview(profile: RepositoryProfile, kit: LanguageKit): string {
  const system = profile.system
    ? ` It is part of the \`${profile.system}\` system.`
    : '';
  return `# ${profile.title}

${profile.description}

## Ownership

Owned by **${profile.ownerTeam}**.${system} Lifecycle: \`${profile.lifecycle}\`.

## Working on it

- The toolchain and dependencies are in \`${kit.manifestPath}\`.
- Every pull request against \`main\` runs CI (\`.github/workflows/ci.yaml\`) and needs one approval from ${profile.ownerTeam}.
- Operating it in production is described in the [runbook](runbook.md); the interfaces it offers and uses are on the [API](api.md) page.
`;
}

function runbook(profile: RepositoryProfile): string {
  const dependencies = profile.dependsOn.length
    ? profile.dependsOn.map(reference => `- \`${reference}\``).join('\n')
    : '- None recorded in the catalog.';
  const deployment = profile.kubernetesId
    ? `\`deployment/${profile.kubernetesId}\` in namespace \`${
        profile.system ?? profile.ownerTeam
      }\`, rolled out by \`.github/workflows/deploy.yaml\` to staging and then production. The Kubernetes tab of the entity shows its pods.`
    : 'Not deployed as a workload; consumers pick up tagged releases.';
  return `# Runbook: ${profile.title}

## Where it runs

${deployment}

## What it depends on

${dependencies}

## When an alert fires

1. Check the latest deployment and roll back if it is the likely cause.
2. Look at the dependencies above; a failing dependency usually alerts first.
3. Open an issue labelled \`incident\` and post in ${profile.ownerTeam}'s channel.

## Escalation

${profile.ownerTeam} is on call during business hours; outside them, page the team's on-call rotation.
`;
}

function apiList(names: string[], none: string): string {
  return names.length
    ? names
        .map(name => `- [\`${name}\`](/catalog/default/api/${name})`)
        .join('\n')
    : none;
}

function api(profile: RepositoryProfile): string {
  return `# API

## Provides

${apiList(profile.providesApis, 'This component offers no API of its own.')}

## Consumes

${apiList(profile.consumesApis, 'This component calls no catalogued API.')}

Definitions live with each API entity in the catalog; breaking changes are announced to consumers one release ahead.
`;
}
