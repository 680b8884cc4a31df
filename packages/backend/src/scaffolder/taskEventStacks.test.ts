import {
  withoutStackFrames,
  withoutStacks,
  withoutStacksInSse,
} from './taskEventStacks';

const STACK = [
  "InputError: Repository location github.com/ada-okafor/x refused: owner 'ada-okafor' is not allowed; allowed owners are tidewater",
  '    at checkRepositoryLocation (/srv/callboard/plugins/scaffolder-backend-module-callboard/src/actions/repositoryCheck/checkRepository.ts:40:11)',
  '    at Object.handler (/srv/callboard/node_modules/@backstage/plugin-scaffolder-backend/dist/scaffolder/tasks/NunjucksWorkflowRunner.cjs.js:300:7)',
  '    at async Promise.all (index 0)',
].join('\n');

describe('task event stacks', () => {
  it('keeps the name and message and drops every frame', () => {
    expect(withoutStackFrames(STACK)).toBe(
      "InputError: Repository location github.com/ada-okafor/x refused: owner 'ada-okafor' is not allowed; allowed owners are tidewater",
    );
  });

  it('leaves a message without a stack alone', () => {
    expect(withoutStackFrames('Beginning step publish:github')).toBe(
      'Beginning step publish:github',
    );
  });

  it('cleans a log event and a completion event', () => {
    expect(
      withoutStacks({
        id: 4,
        type: 'log',
        body: { message: STACK, stepId: 'check', status: 'failed' },
      }),
    ).toEqual({
      id: 4,
      type: 'log',
      body: {
        message: expect.not.stringContaining('/srv/callboard'),
        stepId: 'check',
        status: 'failed',
      },
    });
    expect(
      withoutStacks({
        type: 'completion',
        body: {
          message: 'Run completed with status: failed',
          error: { name: 'InputError', message: 'bad', stack: STACK },
        },
      }),
    ).toEqual({
      type: 'completion',
      body: {
        message: 'Run completed with status: failed',
        error: { name: 'InputError', message: 'bad' },
      },
    });
  });

  it('cleans a server-sent event', () => {
    const chunk = `event: log\ndata: ${JSON.stringify({
      type: 'log',
      body: { message: STACK },
    })}\n\n`;
    const cleaned = withoutStacksInSse(chunk);
    expect(cleaned).not.toContain('/srv/callboard');
    expect(cleaned.startsWith('event: log\ndata: {')).toBe(true);
    expect(cleaned.endsWith('}\n\n')).toBe(true);
  });
});
