import { encodeNodeId } from '../../store/ids';
import type { ReleaseRecord, RepoRef } from '../../store/types';
import type { MapperContext } from './MapperContext';
import { mapSimpleUser } from './users';

export function mapRelease(
  context: MapperContext,
  ref: RepoRef,
  release: ReleaseRecord,
) {
  const url = context.urls.repo(ref, `/releases/${release.id}`);
  const tag = encodeURIComponent(release.tagName);
  return {
    url,
    html_url: context.urls.repoHtml(
      ref,
      release.draft
        ? `/releases/tag/untagged-${release.id}`
        : `/releases/tag/${tag}`,
    ),
    assets_url: `${url}/assets`,
    upload_url: context.urls.html(
      `/api/uploads/repos/${ref.owner}/${ref.repo}/releases/${release.id}/assets{?name,label}`,
    ),
    tarball_url: context.urls.repo(ref, `/tarball/${tag}`),
    zipball_url: context.urls.repo(ref, `/zipball/${tag}`),
    id: release.id,
    node_id: encodeNodeId('Release', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    author: mapSimpleUser(
      context,
      context.store.accounts.getById(release.authorId)!,
    ),
    assets: [],
  };
}
