import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  exportAdmissionPolicies,
  stringifyManifests,
} from './exportAdmissionPolicies';
import { loadPolicySet } from './loadPolicies';

const usage = `Usage: yarn policies:export [--out <file>] [--policies <dir>] [--warn]

Writes the platform's workload policies as ValidatingAdmissionPolicy and
ValidatingAdmissionPolicyBinding manifests (plus the params ConfigMap and its
Namespace) for \`kubectl apply -f\`.

  --out <file>      write there instead of to stdout
  --policies <dir>  read policy files from <dir> instead of the package's own
  --warn            bind with validationActions [Warn, Audit] instead of [Deny]
`;

/** Runs the export; returns the exit code. */
export async function runExportCli(
  argv: string[],
  io: {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
  },
): Promise<number> {
  let values: {
    out?: string;
    policies?: string;
    warn?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        policies: { type: 'string' },
        warn: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const set = await loadPolicySet({
    directory: values.policies ? resolve(values.policies) : undefined,
  });
  if (set.problems.length > 0) {
    for (const problem of set.problems) {
      io.stderr(
        `${problem.file}${problem.policy ? ` (${problem.policy})` : ''}: ${
          problem.error
        }\n`,
      );
    }
    io.stderr('Not exported: fix the policies above first.\n');
    return 1;
  }
  const exported = exportAdmissionPolicies(set, {
    validationActions: values.warn ? ['Warn', 'Audit'] : ['Deny'],
  });
  const manifests = stringifyManifests(exported.documents);
  if (values.out) {
    await writeFile(values.out, manifests);
    io.stderr(
      `wrote ${exported.documents.length} manifests to ${values.out}\n`,
    );
  } else {
    io.stdout(manifests);
  }
  for (const { policy, reason } of exported.skipped) {
    io.stderr(`not exported: ${policy}: ${reason}\n`);
  }
  return 0;
}

if (require.main === module) {
  runExportCli(process.argv.slice(2), {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
  }).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
