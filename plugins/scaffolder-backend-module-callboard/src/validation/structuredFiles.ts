import { LineCounter, parseAllDocuments } from 'yaml';
import { ValidationIssue } from './types';

export type ParsedYaml = {
  /** The non-empty documents of the file, as plain JavaScript values. */
  documents: unknown[];
  issues: ValidationIssue[];
};

/**
 * Parses every document of a (possibly multi-document) YAML file. Empty
 * documents, such as the one after a trailing `---`, are dropped.
 */
export function parseYamlDocuments(content: string, file: string): ParsedYaml {
  const documents: unknown[] = [];
  const issues: ValidationIssue[] = [];
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(content, { lineCounter });
  // An empty stream is returned for files with only comments or whitespace.
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((document, index) => {
    const errors = [...document.errors];
    if (errors.length > 0) {
      const where = list.length > 1 ? ` (document ${index + 1})` : '';
      for (const error of errors) {
        const line = lineCounter.linePos(error.pos[0]).line;
        issues.push({
          file,
          problem: `YAML does not parse${where}${
            line ? ` at line ${line}` : ''
          }: ${error.message.split('\n')[0]}`,
        });
      }
      return;
    }
    const value = document.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) {
      documents.push(value);
    }
  });
  return { documents, issues };
}

export function checkJsonParses(
  content: string,
  file: string,
): ValidationIssue[] {
  try {
    JSON.parse(content);
    return [];
  } catch (error) {
    return [
      {
        file,
        problem: `JSON does not parse: ${(error as Error).message}`,
      },
    ];
  }
}

export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}
