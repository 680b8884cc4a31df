export { runCli, processIo, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './main';
export type { CliIo } from './main';
export { parseArgs, UsageError, USAGE } from './args';
export type { CliOptions, CliCommand } from './args';
export { startSandbox, PortInUseError } from './startSandbox';
export type { StartSandboxOptions, RunningSandbox } from './startSandbox';
export { dataDirLayout } from './dataDir';
export type { DataDirLayout, SeedManifest } from './dataDir';
