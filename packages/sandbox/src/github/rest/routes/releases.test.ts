import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';

const ref = { owner: 'acme', repo: 'lib' };

describe('releases', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'lib',
      auto_init: true,
    });
  });

  afterAll(async () => {
    await env.close();
  });

  it('creates the tag when a release is published, not while it is a draft', async () => {
    const draft = await env.alice.rest.repos.createRelease({
      ...ref,
      tag_name: 'v1.0.0',
      draft: true,
    });
    expect(draft.data.published_at).toBeNull();
    await expect(
      env.alice.rest.git.getRef({ ...ref, ref: 'tags/v1.0.0' }),
    ).rejects.toMatchObject({ status: 404 });
    const published = await env.alice.rest.repos.updateRelease({
      ...ref,
      release_id: draft.data.id,
      draft: false,
    });
    expect(published.data.published_at).not.toBeNull();
    const tag = await env.alice.rest.git.getRef({ ...ref, ref: 'tags/v1.0.0' });
    const main = await env.alice.rest.git.getRef({ ...ref, ref: 'heads/main' });
    expect(tag.data.object.sha).toBe(main.data.object.sha);
  });

  it('treats the newest full release as latest', async () => {
    await env.alice.rest.repos.createRelease({
      ...ref,
      tag_name: 'v1.1.0',
      name: 'Stable',
    });
    await env.alice.rest.repos.createRelease({
      ...ref,
      tag_name: 'v2.0.0-rc.1',
      prerelease: true,
    });
    const latest = await env.alice.rest.repos.getLatestRelease(ref);
    expect(latest.data.tag_name).toBe('v1.1.0');
    const tags = await env.alice.rest.repos.listTags(ref);
    expect(tags.data.map(tag => tag.name)).toEqual([
      'v2.0.0-rc.1',
      'v1.1.0',
      'v1.0.0',
    ]);
  });

  it('refuses a second release for a tag', async () => {
    await expect(
      env.alice.rest.repos.createRelease({ ...ref, tag_name: 'v1.1.0' }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            { resource: 'Release', code: 'already_exists', field: 'tag_name' },
          ],
        },
      },
    });
  });

  it('hides drafts from readers without push access', async () => {
    await env.alice.rest.repos.createRelease({
      ...ref,
      tag_name: 'v3.0.0',
      draft: true,
    });
    const asOutsider = await env.mallory.rest.repos.listReleases(ref);
    expect(asOutsider.data.map(release => release.tag_name)).not.toContain(
      'v3.0.0',
    );
    const asAdmin = await env.alice.rest.repos.listReleases(ref);
    expect(asAdmin.data.map(release => release.tag_name)).toContain('v3.0.0');
  });
});
