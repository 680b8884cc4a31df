import yaml from 'yaml';
import {
  commitFiles,
  createRepository,
  createTestAction,
  OWNER,
  readBranchFiles,
  runAction,
  startTestGithub,
  TestGithub,
  UpsertAction,
} from './__testUtils__/testGithub';
import { examples } from './upsertPullRequest.examples';

type ExampleInput = Parameters<UpsertAction['handler']>[0]['input'];

function stepOf(example: (typeof examples)[number]) {
  const [step] = yaml.parse(example.example).steps;
  return step as { action: string; input: ExampleInput };
}

describe('upsertPullRequest examples', () => {
  let github: TestGithub;
  let action: UpsertAction;

  beforeAll(async () => {
    github = await startTestGithub();
    action = createTestAction(github);
    await createRepository(github, 'payments-service', {
      'README.md': '# payments-service\n',
      '.travis.yml': 'language: node_js\n',
      'ci/legacy/build.sh': 'make\n',
    });
    // The second example updates an open pull request: open it first.
    await commitFiles(github, 'payments-service', 'callboard/golden-path-ci', {
      '.github/workflows/ci.yaml': 'name: CI (draft)\n',
    });
    await github.admin.rest.pulls.create({
      owner: OWNER,
      repo: 'payments-service',
      title: 'Adopt the golden-path CI workflow',
      head: 'callboard/golden-path-ci',
      base: 'main',
    });
  });

  afterAll(async () => {
    await github.close();
  });

  it('has an example for create, update with deletions, and draft with reviewers', () => {
    expect(examples.map(example => stepOf(example).action)).toEqual([
      'callboard:github:pull-request',
      'callboard:github:pull-request',
      'callboard:github:pull-request',
    ]);
  });

  it.each([
    { index: 0, result: 'created' },
    { index: 1, result: 'updated' },
    { index: 2, result: 'created' },
  ])(
    'runs example $index against the sandbox ($result)',
    async ({ index, result }) => {
      const { input } = stepOf(examples[index]);
      const sandboxInput = {
        ...input,
        repoUrl: input.repoUrl.replace(/^github\.com/, github.sandbox.host),
      };

      const { outputs } = await runAction(action, sandboxInput);

      expect(outputs).toMatchObject({ result, branch: input.branchName });
      const pull = (
        await github.admin.rest.pulls.get({
          owner: OWNER,
          repo: 'payments-service',
          pull_number: outputs.number as number,
        })
      ).data;
      expect(pull).toMatchObject({
        title: input.title,
        body: input.description,
        draft: input.draft ?? false,
        head: { ref: input.branchName },
      });
      expect(pull.labels.map(label => label.name)).toEqual(input.labels ?? []);
      expect(pull.requested_reviewers?.map(user => user.login)).toEqual(
        input.reviewers ?? [],
      );
      expect(pull.requested_teams?.map(team => team.slug)).toEqual(
        input.teamReviewers ?? [],
      );
      const files = await readBranchFiles(
        github,
        'payments-service',
        input.branchName,
      );
      for (const file of input.files) {
        expect(files[file.path]).toBe(
          file.encoding === 'base64'
            ? Buffer.from(file.content, 'base64').toString('utf8')
            : file.content,
        );
      }
      for (const deleted of input.deletions ?? []) {
        expect(
          Object.keys(files).filter(
            path => path === deleted || path.startsWith(`${deleted}/`),
          ),
        ).toEqual([]);
      }

      const again = await runAction(action, sandboxInput);
      expect(again.outputs).toMatchObject({
        result: 'unchanged',
        number: outputs.number,
      });
    },
  );
});
