import { ValidationIssue } from './types';

/**
 * A hadolint-style linter for the rules the platform insists on. Rule ids
 * follow hadolint where one exists (DL…); CB… rules are Callboard's own.
 * It reads Dockerfile syntax (continuations, comments, stages) but does not
 * lint the shell inside RUN beyond a few well-known mistakes.
 */

type Instruction = {
  keyword: string;
  args: string;
  line: number;
  /** Comment lines directly above the instruction. */
  comments: string[];
};

type Stage = {
  from: Instruction;
  alias?: string;
  instructions: Instruction[];
};

export const dockerfileRules: Record<string, string> = {
  DL3000: 'WORKDIR must be an absolute path',
  DL3004: 'do not use sudo in RUN',
  DL3006: 'FROM must pin an explicit tag or digest',
  DL3007: "FROM must not use the 'latest' tag",
  DL3015: 'apt-get install must use --no-install-recommends',
  DL3020: 'use COPY instead of ADD for files, folders and URLs',
  DL3025: 'CMD and ENTRYPOINT must use the JSON (exec) form',
  DL4000: 'MAINTAINER is deprecated; use a LABEL',
  DL4003: 'a stage must have at most one CMD',
  DL4004: 'a stage must have at most one ENTRYPOINT',
  CB001: 'the final stage must switch to a non-root USER',
  CB002: 'COPY into the final stage must set --chown to the runtime user',
  CB003:
    'the final stage must declare a HEALTHCHECK, or HEALTHCHECK NONE with a comment saying why',
  CB004: 'a Dockerfile must start with FROM (only ARG may precede it)',
};

export function lintDockerfile(
  content: string,
  file: string,
): ValidationIssue[] {
  const instructions = parseInstructions(content);
  const issues: ValidationIssue[] = [];
  const report = (instruction: Instruction | undefined, rule: string) =>
    issues.push({
      file,
      problem: `${instruction ? `line ${instruction.line}: ` : ''}${rule} ${
        dockerfileRules[rule]
      }`,
    });

  const firstNonArg = instructions.find(({ keyword }) => keyword !== 'ARG');
  if (firstNonArg?.keyword !== 'FROM') {
    report(firstNonArg, 'CB004');
    return issues;
  }
  const stages = splitStages(instructions);
  const aliases = new Set<string>();
  stages.forEach((stage, index) => {
    checkBaseImage(stage.from, aliases, report);
    if (stage.alias) {
      aliases.add(stage.alias);
    }
    checkStageInstructions(stage, report);
    if (index === stages.length - 1) {
      checkFinalStage(stage, report);
    }
  });
  return issues;
}

type Reporter = (instruction: Instruction | undefined, rule: string) => void;

function parseInstructions(content: string): Instruction[] {
  const lines = content.split(/\r?\n/);
  const instructions: Instruction[] = [];
  let comments: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (/^\s*#/.test(line)) {
      comments.push(line.replace(/^\s*#\s?/, ''));
      continue;
    }
    if (line.trim() === '') {
      continue;
    }
    const start = index;
    let text = line;
    while (/\\\s*$/.test(text) && index + 1 < lines.length) {
      text = text.replace(/\\\s*$/, ' ');
      index++;
      // Comment lines inside a continuation are dropped by Docker.
      if (!/^\s*#/.test(lines[index])) {
        text += lines[index];
      }
    }
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
    if (match) {
      instructions.push({
        keyword: match[1].toUpperCase(),
        args: match[2].trim(),
        line: start + 1,
        comments,
      });
    }
    comments = [];
  }
  return instructions;
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const alias = /\s+as\s+(\S+)\s*$/i.exec(instruction.args)?.[1];
      stages.push({
        from: instruction,
        alias: alias?.toLowerCase(),
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

function checkBaseImage(
  from: Instruction,
  aliases: Set<string>,
  report: Reporter,
): void {
  const image = from.args
    .split(/\s+/)
    .filter(token => !token.startsWith('--'))[0];
  if (!image || image === 'scratch' || aliases.has(image.toLowerCase())) {
    return;
  }
  if (image.includes('@sha256:')) {
    return;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tagStart = lastSegment.indexOf(':');
  if (image.includes('$') || tagStart === -1) {
    report(from, 'DL3006');
  } else if (lastSegment.slice(tagStart + 1) === 'latest') {
    report(from, 'DL3007');
  }
}

function checkStageInstructions(stage: Stage, report: Reporter): void {
  let cmdCount = 0;
  let entrypointCount = 0;
  for (const instruction of stage.instructions) {
    const { keyword, args } = instruction;
    if (keyword === 'WORKDIR' && !/^(\/|\$)/.test(args)) {
      report(instruction, 'DL3000');
    }
    if (keyword === 'RUN') {
      if (/(^|[\s;&|])sudo\s/.test(args)) {
        report(instruction, 'DL3004');
      }
      if (
        /apt-get\s+(-\S+\s+)*install/.test(args) &&
        !args.includes('--no-install-recommends')
      ) {
        report(instruction, 'DL3015');
      }
    }
    if (keyword === 'ADD' && !isArchiveOnlyAdd(args)) {
      report(instruction, 'DL3020');
    }
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      if (!isExecForm(args)) {
        report(instruction, 'DL3025');
      }
      if (keyword === 'CMD' && ++cmdCount === 2) {
        report(instruction, 'DL4003');
      }
      if (keyword === 'ENTRYPOINT' && ++entrypointCount === 2) {
        report(instruction, 'DL4004');
      }
    }
    if (keyword === 'MAINTAINER') {
      report(instruction, 'DL4000');
    }
  }
}

function checkFinalStage(stage: Stage, report: Reporter): void {
  const users = stage.instructions.filter(({ keyword }) => keyword === 'USER');
  const lastUser = users[users.length - 1];
  const userName = lastUser?.args.split(':')[0].trim();
  if (!lastUser || userName === 'root' || userName === '0') {
    report(lastUser ?? stage.from, 'CB001');
  }
  for (const instruction of stage.instructions) {
    if (
      instruction.keyword === 'COPY' &&
      !/(^|\s)--chown=\S+/.test(instruction.args)
    ) {
      report(instruction, 'CB002');
    }
  }
  const healthchecks = stage.instructions.filter(
    ({ keyword }) => keyword === 'HEALTHCHECK',
  );
  const healthcheck = healthchecks[healthchecks.length - 1];
  if (!healthcheck) {
    report(stage.from, 'CB003');
  } else if (
    /^NONE$/i.test(healthcheck.args) &&
    healthcheck.comments.every(comment => comment.trim() === '')
  ) {
    report(healthcheck, 'CB003');
  }
}

function isArchiveOnlyAdd(args: string): boolean {
  const tokens = args.split(/\s+/).filter(token => !token.startsWith('--'));
  const sources = tokens.slice(0, -1);
  return (
    sources.length > 0 &&
    sources.every(
      source =>
        !/^[a-z]+:\/\//i.test(source) &&
        /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz)$/i.test(source),
    )
  );
}

function isExecForm(args: string): boolean {
  try {
    const parsed: unknown = JSON.parse(args);
    return (
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every(item => typeof item === 'string')
    );
  } catch {
    return false;
  }
}
