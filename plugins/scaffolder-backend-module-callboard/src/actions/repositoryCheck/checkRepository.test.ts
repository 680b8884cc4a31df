import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createCheckRepositoryAction } from './checkRepository';

const action = createCheckRepositoryAction();
const allowed = {
  allowedHosts: ['github.com', 'localhost:7010'],
  allowedOwners: ['tidewater'],
};

async function check(repoUrl: string, name = 'parcel-tracker') {
  const ctx = createMockActionContext({
    input: { repoUrl, name, ...allowed },
  });
  await action.handler(ctx);
  return ctx;
}

describe('callboard:repository:check', () => {
  it('accepts an allowed host and owner with the service’s name', async () => {
    const ctx = await check('github.com?owner=tidewater&repo=parcel-tracker');
    expect(ctx.output).toHaveBeenCalledWith('owner', 'tidewater');
  });

  it.each([
    [
      'an owner outside allowedOwners',
      'github.com?owner=ada-okafor&repo=parcel-tracker',
      "Repository location github.com/ada-okafor/parcel-tracker refused: owner 'ada-okafor' is not allowed; allowed owners are tidewater",
    ],
    [
      'a host outside allowedHosts',
      'evil.example.com?owner=tidewater&repo=parcel-tracker',
      "Repository location evil.example.com/tidewater/parcel-tracker refused: host 'evil.example.com' is not allowed; allowed hosts are github.com, localhost:7010",
    ],
    [
      'a repository named differently from the service',
      'github.com?owner=tidewater&repo=platform-infrastructure',
      "Repository location github.com/tidewater/platform-infrastructure refused: repository name 'platform-infrastructure' must equal the service name 'parcel-tracker'",
    ],
    [
      'an owner that differs only in case',
      'github.com?owner=Tidewater&repo=parcel-tracker',
      "owner 'Tidewater' is not allowed; allowed owners are tidewater",
    ],
    [
      'a location without an owner',
      'github.com?repo=parcel-tracker',
      "Repository location 'github.com?repo=parcel-tracker' must name a host, an owner and a repository; allowed hosts are github.com, localhost:7010, allowed owners are tidewater, and the repository must be named 'parcel-tracker'",
    ],
  ])('refuses %s, naming the allowed values', async (_, repoUrl, message) => {
    await expect(check(repoUrl)).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('reports every problem at once', async () => {
    await expect(
      check('evil.example.com?owner=mallory&repo=other'),
    ).rejects.toThrow(
      /host 'evil.example.com' is not allowed.*; owner 'mallory' is not allowed.*; repository name 'other' must equal/,
    );
  });
});
