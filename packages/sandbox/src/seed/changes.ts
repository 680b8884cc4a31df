import type { RepositoryProfile } from './profiles';
import type { SeededRandom } from './random';
import type { Dependency, LanguageKit } from './templates';
import {
  CHORE_TITLES,
  DOCS_TITLES,
  DOMAIN_NOUNS,
  FEATURE_TITLES,
  fillTemplate,
  FIX_TITLES,
  GENERIC_NOUNS,
  REFACTOR_TITLES,
  REVIEW_FOLLOW_UPS,
  SECOND_COMMITS,
  TEST_TITLES,
} from './vocabulary';
import type { FileEdit, WorkingTree } from './workingTree';
import { DEPENDABOT } from './people';

export type ChangeKind =
  | 'feature'
  | 'fix'
  | 'refactor'
  | 'test'
  | 'docs'
  | 'chore'
  | 'dependency';

export interface CommitDraft {
  message: string;
  edits: FileEdit[];
}

export interface ChangeDraft {
  kind: ChangeKind;
  title: string;
  body: string;
  branch: string;
  labels: string[];
  commits: CommitDraft[];
}

const CONVENTIONAL_PREFIX: Record<ChangeKind, string> = {
  feature: 'feat',
  fix: 'fix',
  refactor: 'refactor',
  test: 'test',
  docs: 'docs',
  chore: 'chore',
  dependency: 'chore(deps)',
};

const ECOSYSTEMS: Record<string, string> = {
  'package.json': 'npm_and_yarn',
  'go.mod': 'go_modules',
  'build.gradle.kts': 'gradle',
  'build.gradle': 'gradle',
  'pyproject.toml': 'pip',
  'composer.json': 'composer',
  '.github/workflows/build.yaml': 'github_actions',
  'crossplane/providers.yaml': 'crossplane',
};

const GITIGNORE_ADDITIONS = ['.idea/', '.vscode/', '*.log', 'tmp/', '.envrc'];

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function bumpVersion(version: string, random: SeededRandom): string {
  const [major, minor, patch] = version.split('.').map(Number);
  if (random.chance(0.3)) {
    return `${major}.${minor + 1}.0`;
  }
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * Invents plausible changes for one repository: titles from the system's
 * vocabulary, code in the repository's language, dependency bumps that
 * edit the real manifest line.
 */
export class ChangeGenerator {
  readonly #profile: RepositoryProfile;
  readonly #kit: LanguageKit;
  readonly #random: SeededRandom;
  readonly #usedSymbols = new Set<string>();
  readonly #usedBranches = new Set<string>();
  #dependencyCursor = 0;

  constructor(
    profile: RepositoryProfile,
    kit: LanguageKit,
    random: SeededRandom,
  ) {
    this.#profile = profile;
    this.#kit = kit;
    this.#random = random;
  }

  #words() {
    const domain = this.#random.pick(
      DOMAIN_NOUNS[this.#profile.system ?? ''] ??
        DOMAIN_NOUNS['developer-platform'],
    );
    return { domain, generic: this.#random.pick(GENERIC_NOUNS) };
  }

  #symbol(phrase: string): string {
    const base = this.#kit.symbolOf(phrase);
    let symbol = base;
    for (let suffix = 2; this.#usedSymbols.has(symbol); suffix++) {
      symbol = `${base}${suffix}`;
    }
    this.#usedSymbols.add(symbol);
    return symbol;
  }

  #message(kind: ChangeKind, text: string): string {
    return this.#profile.conventionalCommits
      ? `${CONVENTIONAL_PREFIX[kind]}: ${lowerFirst(text)}`
      : text;
  }

  branchName(prefix: string, title: string): string {
    const base = `${prefix}/${slugOf(title)}`;
    let branch = base;
    for (let suffix = 2; this.#usedBranches.has(branch); suffix++) {
      branch = `${base}-${suffix}`;
    }
    this.#usedBranches.add(branch);
    return branch;
  }

  #codeEdits(summary: string, words: { domain: string; generic: string }) {
    const symbol = this.#symbol(`${words.domain} ${words.generic}`);
    const path = this.#random.pick(this.#kit.sourcePaths);
    return {
      symbol,
      code: this.#kit.codeEdit(path, symbol, summary),
      test: this.#kit.testEdit(symbol, summary),
    };
  }

  #body(kind: ChangeKind, title: string, domain: string): string {
    const why: Record<ChangeKind, string> = {
      feature: `Needed for the upcoming ${domain} work.`,
      fix: `We saw this in the logs for ${domain}; this makes the behaviour predictable.`,
      refactor: 'No behaviour change; makes the next changes easier to review.',
      test: 'Closes a gap we hit during the last incident review.',
      docs: 'New joiners kept asking about this.',
      chore: 'Housekeeping.',
      dependency: '',
    };
    const testing = this.#random.pick([
      '- [x] Unit tests\n- [x] Tested on staging',
      '- [x] Unit tests',
      '- [x] Ran the integration suite locally',
    ]);
    return `## What\n\n${title}.\n\n## Why\n\n${why[kind]}\n\n## Testing\n\n${testing}\n`;
  }

  /** A human's change of the given kind, built against `tree` (the branch's fork point). */
  humanChange(
    kind: Exclude<ChangeKind, 'dependency'>,
    author: string,
    tree: WorkingTree,
  ): ChangeDraft {
    const words = this.#words();
    const templates: Record<typeof kind, readonly string[]> = {
      feature: FEATURE_TITLES,
      fix: FIX_TITLES,
      refactor: REFACTOR_TITLES,
      test: TEST_TITLES,
      docs: DOCS_TITLES,
      chore: CHORE_TITLES,
    };
    const text = fillTemplate(this.#random.pick(templates[kind]), words);
    const title = this.#message(kind, text);
    const commits: CommitDraft[] = [];
    if (kind === 'docs') {
      const path = this.#profile.hasTechDocs ? 'docs/index.md' : 'README.md';
      commits.push({
        message: title,
        edits: [
          {
            type: 'append',
            path,
            block: `\n## ${text}\n\nHow ${words.domain} works in ${
              this.#profile.title
            }, and what to check when ${words.generic} alerts fire.\n`,
          },
        ],
      });
    } else if (kind === 'chore') {
      commits.push({ message: title, edits: this.#choreEdits(tree) });
    } else {
      const edits = this.#codeEdits(text, words);
      const first: FileEdit[] =
        kind === 'test' && edits.test ? [edits.test] : [edits.code];
      commits.push({ message: title, edits: first });
      if (kind !== 'test' && this.#random.chance(0.55)) {
        const second = edits.test ?? this.followUp(text).edits[0];
        commits.push({
          message: this.#random.pick(SECOND_COMMITS),
          edits: [second],
        });
      }
    }
    const prefix =
      kind === 'feature' ? author : CONVENTIONAL_PREFIX[kind].split('(')[0];
    return {
      kind,
      title,
      body: this.#body(kind, text, words.domain),
      branch: this.branchName(prefix, text),
      labels: kind === 'fix' ? ['bug'] : [],
      commits,
    };
  }

  #choreEdits(tree: WorkingTree): FileEdit[] {
    const ci = tree.read('.github/workflows/ci.yaml');
    const timeout = ci ? /timeout-minutes: (\d+)/.exec(ci) : null;
    if (timeout && this.#random.chance(0.5)) {
      return [
        {
          type: 'replace',
          path: '.github/workflows/ci.yaml',
          from: timeout[0],
          to: `timeout-minutes: ${Number(timeout[1]) + 5}`,
        },
      ];
    }
    const gitignore = tree.read('.gitignore') ?? '';
    const addition = GITIGNORE_ADDITIONS.find(
      entry => !gitignore.split('\n').includes(entry),
    );
    if (addition) {
      return [{ type: 'append', path: '.gitignore', block: `${addition}\n` }];
    }
    return [
      {
        type: 'append',
        path: 'README.md',
        block: `\n_Last reviewed: ${this.#symbol('housekeeping')}._\n`,
      },
    ];
  }

  /** The extra commit pushed after a review asked for changes. */
  followUp(summary: string): CommitDraft {
    const words = this.#words();
    const edits = this.#codeEdits(`${summary} (review follow-up)`, words);
    return {
      message: this.#random.pick(REVIEW_FOLLOW_UPS),
      edits: [edits.test ?? edits.code],
    };
  }

  /** A bot's dependency bump, or undefined when the manifest has nothing to bump. */
  dependencyChange(bot: string, tree: WorkingTree): ChangeDraft | undefined {
    const dependencies = this.#kit.dependencies;
    const manifest = tree.read(this.#kit.manifestPath);
    if (!manifest || dependencies.length === 0) {
      return undefined;
    }
    const dependency =
      dependencies[this.#dependencyCursor % dependencies.length];
    this.#dependencyCursor++;
    const current = this.#currentVersion(manifest, dependency);
    if (!current) {
      return undefined;
    }
    const next = bumpVersion(current, this.#random);
    const from = this.#kit.dependencyLine({ ...dependency, version: current });
    const to = this.#kit.dependencyLine({ ...dependency, version: next });
    const dependabot = bot === DEPENDABOT;
    const title = dependabot
      ? `Bump ${dependency.name} from ${current} to ${next}`
      : `Update dependency ${dependency.name} to v${next}`;
    const ecosystem = ECOSYSTEMS[this.#kit.manifestPath] ?? 'dependencies';
    const branch = dependabot
      ? this.branchName(
          `dependabot/${ecosystem}`,
          `${dependency.name.replace(/\//g, '-')}-${next}`,
        )
      : this.branchName(
          'renovate',
          `${dependency.name.replace(/\//g, '-')}-${next}`,
        );
    const body = dependabot
      ? `Bumps ${dependency.name} from ${current} to ${next}.\n\n---\n\nDependabot will resolve any conflicts with this PR as long as you don't alter it yourself.\n`
      : `This PR contains the following updates:\n\n| Package | Change |\n|---|---|\n| ${dependency.name} | \`${current}\` -> \`${next}\` |\n\n---\n\n📅 **Schedule**: Branch creation - At any time.\n`;
    return {
      kind: 'dependency',
      title,
      body,
      branch,
      labels: ['dependencies'],
      commits: [
        {
          message: dependabot ? title : `chore(deps): ${lowerFirst(title)}`,
          edits: [{ type: 'replace', path: this.#kit.manifestPath, from, to }],
        },
      ],
    };
  }

  #currentVersion(
    manifest: string,
    dependency: Dependency,
  ): string | undefined {
    const sentinel = '0.0.0-sentinel';
    const pattern = escapeRegExp(
      this.#kit.dependencyLine({ ...dependency, version: sentinel }),
    ).replace(escapeRegExp(sentinel), '([0-9][0-9A-Za-z.-]*)');
    return new RegExp(pattern).exec(manifest)?.[1];
  }
}
