import { GITHUB_ACTIONS } from '../people';
import { HOUR, MINUTE, nextWorkingTime, SECOND, wholeSeconds } from '../time';
import type { FileEdit } from '../workingTree';
import type { PlanningContext } from './PlanningContext';

/**
 * A library release: when something merged since the last one, a bot
 * commit bumps the version and the changelog, a maintainer publishes the
 * release (minor when features went in, else patch), and `release.yaml` runs.
 */
export function releaseLibrary(context: PlanningContext, at: number): void {
  const { random, profile, kit } = context;
  if (context.unreleased.length === 0) {
    return;
  }
  const maintainer = random.pick(context.owners);
  const releasedAt = nextWorkingTime(at, context.offsetOf(maintainer), random);
  if (releasedAt > context.now - HOUR) {
    return;
  }
  const included = context.unreleased;
  context.unreleased = [];
  const previous = context.version.join('.');
  const [major, minor, patch] = context.version;
  context.version = included.some(pull => pull.kind === 'feature')
    ? [major, minor + 1, 0]
    : [major, minor, patch + 1];
  const version = context.version.join('.');
  const edits: FileEdit[] = [
    {
      type: 'replace',
      path: 'CHANGELOG.md',
      from: '# Changelog\n\n',
      to: `# Changelog\n\n## ${version}\n\n${included
        .map(pull => `- ${pull.title}`)
        .join('\n')}\n\n`,
    },
  ];
  const currentLine = kit.versionLine(previous);
  const nextLine = kit.versionLine(version);
  if (currentLine && nextLine) {
    edits.push({
      type: 'replace',
      path: kit.manifestPath,
      from: currentLine,
      to: nextLine,
    });
  }
  const title = `chore(release): v${version}`;
  const commit = context.commit({
    parents: [context.mainTip],
    message: title,
    author: context.identity(GITHUB_ACTIONS),
    authoredAt: releasedAt,
    changes: context.mainTree.apply(edits),
  });
  context.advanceMain(commit, releasedAt);
  context.ciRun(
    'push',
    'main',
    commit,
    GITHUB_ACTIONS,
    title,
    releasedAt,
    'success',
  );
  const publishedAt = releasedAt + random.int(3, 20) * MINUTE;
  const repository = `${profile.org}/${profile.name}`;
  context.releases.push({
    tag: `v${version}`,
    commit,
    author: maintainer,
    createdAt: wholeSeconds(publishedAt),
    body: () =>
      `## What's Changed\n\n${included
        .map(pull => `* ${pull.title} by @${pull.author} in #${pull.number}`)
        .join(
          '\n',
        )}\n\n**Full Changelog**: https://github.com/${repository}/compare/v${previous}...v${version}\n`,
  });
  context.run({
    workflow: 'release.yaml',
    event: 'push',
    branch: `v${version}`,
    commit,
    actor: maintainer,
    title: `v${version}`,
    createdAt: publishedAt + 5 * SECOND,
    completedAt: publishedAt + random.int(2, 6) * MINUTE,
    conclusion: 'success',
  });
}
