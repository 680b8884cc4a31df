import { createHash } from 'node:crypto';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  CheckDefinition,
  checkDefinitionSchema,
  definitionsFileSchema,
  ResolvedLevel,
  ScorecardDefinition,
  scorecardDefinitionSchema,
} from '@callboard/plugin-scorecards-common';
import { parse as parseYaml } from 'yaml';
import { ZodError } from 'zod';
import {
  compileExpression,
  CompiledExpression,
  FactCatalog,
  firstLine,
} from './celEnvironment';

export type CompiledCheck = CheckDefinition & {
  /** Hash of the expression and thresholds: a new version is a rule change. */
  version: string;
  file: string;
  evaluate: CompiledExpression;
};

export type ResolvedScorecard = Omit<ScorecardDefinition, 'levels'> & {
  levels: ResolvedLevel[];
  file: string;
};

/** Why a file, a check or a scorecard did not load. */
export type DefinitionProblem = {
  file: string;
  check?: string;
  scorecard?: string;
  error: string;
};

export type Definitions = {
  checks: ReadonlyMap<string, CompiledCheck>;
  scorecards: ResolvedScorecard[];
  problems: DefinitionProblem[];
  loadedAt: Date;
};

export function checkVersion(
  check: Pick<CheckDefinition, 'expression' | 'thresholds'>,
): string {
  return createHash('sha256')
    .update(JSON.stringify([check.expression, check.thresholds ?? null]))
    .digest('hex')
    .slice(0, 12);
}

const yamlFile = /\.ya?ml$/i;

/** Reads every definitions file from the locations, through the UrlReader. */
export async function readDefinitionFiles(
  reader: UrlReaderService,
  locations: string[],
): Promise<{
  files: { url: string; content: string }[];
  problems: DefinitionProblem[];
}> {
  const files: { url: string; content: string }[] = [];
  const problems: DefinitionProblem[] = [];
  for (const location of locations) {
    try {
      if (yamlFile.test(location)) {
        const response = await reader.readUrl(location);
        files.push({
          url: location,
          content: (await response.buffer()).toString('utf8'),
        });
        continue;
      }
      const tree = await reader.readTree(location, {
        filter: path => yamlFile.test(path),
      });
      const entries = await tree.files();
      entries.sort((a, b) => a.path.localeCompare(b.path));
      for (const entry of entries) {
        files.push({
          url: `${location.replace(/\/$/, '')}/${entry.path}`,
          content: (await entry.content()).toString('utf8'),
        });
      }
    } catch (error) {
      problems.push({
        file: location,
        error: `could not be read: ${firstLine(
          String((error as Error).message ?? error),
        )}`,
      });
    }
  }
  return { files, problems };
}

function describeZodError(error: ZodError): string {
  return error.issues
    .map(issue =>
      issue.path.length
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    )
    .join('; ');
}

function idOf(value: unknown, index: number): string {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : `#${index + 1}`;
}

/**
 * Validates and compiles definitions. Each problem names the file and the
 * check or scorecard; everything else still loads.
 */
export function compileDefinitions(
  files: { url: string; content: string }[],
  facts: FactCatalog,
  readProblems: DefinitionProblem[] = [],
): Definitions {
  const problems = [...readProblems];
  const checks = new Map<string, CompiledCheck>();
  const rawScorecards: { file: string; value: unknown; index: number }[] = [];

  for (const { url, content } of files) {
    let document: unknown;
    try {
      document = parseYaml(content);
    } catch (error) {
      problems.push({
        file: url,
        error: `is not valid YAML: ${firstLine((error as Error).message)}`,
      });
      continue;
    }
    const parsedFile = definitionsFileSchema.safeParse(document);
    if (!parsedFile.success) {
      problems.push({ file: url, error: describeZodError(parsedFile.error) });
      continue;
    }
    (parsedFile.data.checks ?? []).forEach((raw, index) => {
      const check = idOf(raw, index);
      const parsed = checkDefinitionSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push({
          file: url,
          check,
          error: describeZodError(parsed.error),
        });
        return;
      }
      const definition = parsed.data;
      if (checks.has(definition.id)) {
        problems.push({
          file: url,
          check,
          error: `duplicate check id; already defined in ${
            checks.get(definition.id)!.file
          }`,
        });
        return;
      }
      try {
        const { evaluate, resultType } = compileExpression(
          definition.expression,
          definition.facts,
          facts,
        );
        const wanted = definition.thresholds ? ['int', 'double'] : ['bool'];
        if (resultType !== 'dyn' && !wanted.includes(resultType)) {
          throw new Error(
            definition.thresholds
              ? `the expression returns ${resultType}; a check with thresholds must return int or double`
              : `the expression returns ${resultType}; a check must return bool (or a number, with thresholds)`,
          );
        }
        checks.set(definition.id, {
          ...definition,
          version: checkVersion(definition),
          file: url,
          evaluate,
        });
      } catch (error) {
        problems.push({ file: url, check, error: (error as Error).message });
      }
    });
    (parsedFile.data.scorecards ?? []).forEach((value, index) =>
      rawScorecards.push({ file: url, value, index }),
    );
  }

  const scorecards: ResolvedScorecard[] = [];
  for (const { file, value, index } of rawScorecards) {
    const scorecard = idOf(value, index);
    const parsed = scorecardDefinitionSchema.safeParse(value);
    if (!parsed.success) {
      problems.push({ file, scorecard, error: describeZodError(parsed.error) });
      continue;
    }
    if (scorecards.some(s => s.id === parsed.data.id)) {
      problems.push({ file, scorecard, error: 'duplicate scorecard id' });
      continue;
    }
    const levels: ResolvedLevel[] = parsed.data.levels.map(level => ({
      name: level.name,
      ...(level.description ? { description: level.description } : {}),
      checks: level.checks.map(entry =>
        typeof entry === 'string'
          ? { checkId: entry, weight: 1 }
          : { checkId: entry.check, weight: entry.weight ?? 1 },
      ),
    }));
    const missing = levels
      .flatMap(level => level.checks.map(c => c.checkId))
      .filter(id => !checks.has(id));
    if (missing.length > 0) {
      problems.push({
        file,
        scorecard,
        error: `refers to checks that did not load: ${[
          ...new Set(missing),
        ].join(', ')}`,
      });
      continue;
    }
    scorecards.push({ ...parsed.data, levels, file });
  }

  return { checks, scorecards, problems, loadedAt: new Date() };
}
