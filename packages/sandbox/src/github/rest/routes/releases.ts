import { permits } from '../../store/AccessStore';
import type { ApiRequest } from '../ApiRequest';
import { mapRelease } from '../mappers/releases';
import { json, noContent, route } from '../RouteDefinition';

function writableRef(request: ApiRequest) {
  return request.store.repositories.refOf(request.repository('write'));
}

/** Releases (tags are created when a release is published). */
export const releaseRoutes = [
  route('GET', '/repos/{owner}/{repo}/releases', request => {
    const repo = request.repository();
    const ref = request.store.repositories.refOf(repo);
    const canWrite = permits(
      request.store.access.permissionOf(repo, request.viewer),
      'write',
    );
    const releases = request.store.releases
      .list(ref)
      .filter(release => canWrite || !release.draft);
    return request.paginate(releases, release =>
      mapRelease(request.mapper, ref, release),
    );
  }),

  route('POST', '/repos/{owner}/{repo}/releases', async request => {
    const ref = writableRef(request);
    const viewer = request.requireViewer();
    const release = await request.store.releases.create({
      ...ref,
      tagName: request.body.string('tag_name'),
      targetCommitish: request.body.optionalString('target_commitish'),
      name: request.body.optionalNullableString('name'),
      body: request.body.optionalNullableString('body'),
      draft: request.body.optionalBoolean('draft'),
      prerelease: request.body.optionalBoolean('prerelease'),
      author: viewer.login,
    });
    const body = mapRelease(request.mapper, ref, release);
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/releases/latest', request => {
    const ref = request.repoRef();
    return json(
      200,
      mapRelease(request.mapper, ref, request.store.releases.latest(ref)),
    );
  }),

  route('GET', '/repos/{owner}/{repo}/releases/tags/{tag}', request => {
    const ref = request.repoRef();
    const release = request.store.releases.getByTag(ref, request.param('tag'));
    return json(200, mapRelease(request.mapper, ref, release));
  }),

  route('GET', '/repos/{owner}/{repo}/releases/{release_id}', request => {
    const ref = request.repoRef();
    const release = request.store.releases.get(
      ref,
      request.numberParam('release_id'),
    );
    return json(200, mapRelease(request.mapper, ref, release));
  }),

  route(
    'PATCH',
    '/repos/{owner}/{repo}/releases/{release_id}',
    async request => {
      const ref = writableRef(request);
      const viewer = request.requireViewer();
      const release = await request.store.releases.update(
        ref,
        request.numberParam('release_id'),
        {
          tagName: request.body.optionalString('tag_name'),
          targetCommitish: request.body.optionalString('target_commitish'),
          name: request.body.optionalNullableString('name'),
          body: request.body.optionalNullableString('body'),
          draft: request.body.optionalBoolean('draft'),
          prerelease: request.body.optionalBoolean('prerelease'),
        },
        viewer.login,
      );
      return json(200, mapRelease(request.mapper, ref, release));
    },
  ),

  route('DELETE', '/repos/{owner}/{repo}/releases/{release_id}', request => {
    const ref = writableRef(request);
    const viewer = request.requireViewer();
    request.store.releases.delete(
      ref,
      request.numberParam('release_id'),
      viewer.login,
    );
    return noContent();
  }),
];
