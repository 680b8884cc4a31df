import type { FileEdit } from '../workingTree';

export interface Dependency {
  name: string;
  version: string;
}

/**
 * How one language lays out a repository and how its code grows: where
 * features add functions and tests, and how the manifest names a
 * dependency (so bots can bump it).
 */
export interface LanguageKit {
  manifestPath: string;
  dependencies: readonly Dependency[];
  /** The exact manifest line for a dependency; bumps replace it. */
  dependencyLine(dependency: Dependency): string;
  /** The manifest line carrying the package version, for releases. */
  versionLine(version: string): string | undefined;
  /** Language-specific files, manifest included. */
  files(): Record<string, string>;
  /** Files that features and fixes add code to. */
  sourcePaths: readonly string[];
  testPath: string | undefined;
  /** Turns a phrase into an identifier in the language's style. */
  symbolOf(phrase: string): string;
  codeEdit(path: string, symbol: string, summary: string): FileEdit;
  testEdit(symbol: string, summary: string): FileEdit | undefined;
  /** Steps of the CI job, indented for `jobs.<id>.steps`. */
  ciSteps: string;
  /** Dockerfile for deployable repositories. */
  dockerfile: string | undefined;
  gitignore: string;
}
