import fs from 'node:fs';
import path from 'node:path';

/**
 * The demo's scorecard definitions (`<catalog dir>/scorecards/*.yaml`) as
 * `scorecards/<file>` in the platform's infrastructure repository, where the
 * portal reads them through the UrlReader like any platform team's repository.
 */
export function scorecardDefinitionFiles(
  catalogDir: string,
): Record<string, string> {
  const dir = path.join(catalogDir, 'scorecards');
  if (!fs.existsSync(dir)) {
    return {};
  }
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter(name => /\.ya?ml$/.test(name))
      .sort()
      .map(name => [
        `scorecards/${name}`,
        fs.readFileSync(path.join(dir, name), 'utf8'),
      ]),
  );
}
