import type { RepositoryRecord } from '../../store/types';
import { ConnectionArgs, connection, lazyArraySource } from '../connections';
import type { GraphqlContext } from '../context';
import { nodeId } from '../nodeIds';
import { FieldSource, once } from '../objects';

interface LanguageInfo {
  name: string;
  color: string;
}

const LANGUAGES: Record<string, LanguageInfo> = {
  TypeScript: { name: 'TypeScript', color: '#3178c6' },
  JavaScript: { name: 'JavaScript', color: '#f1e05a' },
  Python: { name: 'Python', color: '#3572A5' },
  Go: { name: 'Go', color: '#00ADD8' },
  Java: { name: 'Java', color: '#b07219' },
  Kotlin: { name: 'Kotlin', color: '#A97BFF' },
  Ruby: { name: 'Ruby', color: '#701516' },
  Rust: { name: 'Rust', color: '#dea584' },
  Shell: { name: 'Shell', color: '#89e051' },
  HCL: { name: 'HCL', color: '#844FBA' },
  Dockerfile: { name: 'Dockerfile', color: '#384d54' },
  Makefile: { name: 'Makefile', color: '#427819' },
  HTML: { name: 'HTML', color: '#e34c26' },
  CSS: { name: 'CSS', color: '#663399' },
  SCSS: { name: 'SCSS', color: '#c6538c' },
  'C#': { name: 'C#', color: '#178600' },
  C: { name: 'C', color: '#555555' },
  'C++': { name: 'C++', color: '#f34b7d' },
  PHP: { name: 'PHP', color: '#4F5D95' },
  Swift: { name: 'Swift', color: '#F05138' },
  Scala: { name: 'Scala', color: '#c22d40' },
  Vue: { name: 'Vue', color: '#41b883' },
};

const BY_EXTENSION: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  go: 'Go',
  java: 'Java',
  kt: 'Kotlin',
  kts: 'Kotlin',
  rb: 'Ruby',
  rs: 'Rust',
  sh: 'Shell',
  bash: 'Shell',
  tf: 'HCL',
  hcl: 'HCL',
  html: 'HTML',
  css: 'CSS',
  scss: 'SCSS',
  cs: 'C#',
  c: 'C',
  h: 'C',
  cc: 'C++',
  cpp: 'C++',
  hpp: 'C++',
  php: 'PHP',
  swift: 'Swift',
  scala: 'Scala',
  vue: 'Vue',
};

const BY_FILE_NAME: Record<string, string> = {
  Dockerfile: 'Dockerfile',
  Makefile: 'Makefile',
};

/** Linguist leaves dependencies and vendored code out of the statistics. */
const VENDORED = /(^|\/)(node_modules|vendor|third_party|dist)\//;

function languageOf(path: string): LanguageInfo | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const language =
    BY_FILE_NAME[name] ??
    (dot > 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined);
  return language ? LANGUAGES[language] : undefined;
}

export interface LanguageSize {
  language: LanguageInfo;
  size: number;
}

/**
 * A small stand-in for linguist: bytes per programming language on the
 * default branch, by file extension. Data and prose (JSON, YAML, Markdown)
 * do not count, as on GitHub.
 */
export async function languageSizes(
  context: GraphqlContext,
  repo: RepositoryRecord,
): Promise<LanguageSize[]> {
  const git = context.store.git.repository(
    context.store.repositories.refOf(repo),
  );
  const head = await git.readRef(`refs/heads/${repo.defaultBranch}`);
  const commit = head ? await git.readCommit(head) : undefined;
  if (!commit) {
    return [];
  }
  const sizes = new Map<string, LanguageSize>();
  for (const entry of await git.listTree(commit.tree, true)) {
    const language =
      entry.type === 'blob' && !VENDORED.test(entry.path)
        ? languageOf(entry.path)
        : undefined;
    if (language) {
      const current = sizes.get(language.name) ?? { language, size: 0 };
      current.size += entry.size ?? 0;
      sizes.set(language.name, current);
    }
  }
  return [...sizes.values()].sort(
    (a, b) => b.size - a.size || a.language.name.localeCompare(b.language.name),
  );
}

export function languageObject(language: LanguageInfo): FieldSource {
  return {
    __typename: 'Language',
    id: nodeId('Language', language.name),
    name: language.name,
    color: language.color,
  };
}

export function languagesConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: ConnectionArgs & {
    orderBy?: { field: 'SIZE'; direction: 'ASC' | 'DESC' } | null;
  },
): FieldSource {
  const sizes = once(() => languageSizes(context, repo));
  const ordered = async () => {
    const list = await sizes();
    return args.orderBy?.direction === 'ASC' ? [...list].reverse() : list;
  };
  return connection('languages', args, lazyArraySource(ordered), {
    node: entry => languageObject(entry.language),
    edgeFields: entry => ({ size: entry.size }),
    fields: {
      totalSize: async () =>
        (await sizes()).reduce((sum, entry) => sum + entry.size, 0),
    },
  });
}
