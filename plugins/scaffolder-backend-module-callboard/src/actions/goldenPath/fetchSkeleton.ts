import {
  UrlReaderService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { fetchContents } from '@backstage/plugin-scaffolder-node';
import { dirname } from 'node:path';
import {
  SkeletonEntry,
  assertSymlinksStayInside,
  listSkeleton,
} from './skeletonRenderer';

/**
 * Fetches the skeleton the way fetch:template does (relative to the
 * template's location, through the URL reader or straight from disk for
 * file:// templates) and lists it, refusing symlinks that lead outside.
 */
export async function fetchSkeleton(options: {
  url: string;
  baseUrl?: string;
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  outputPath: string;
}): Promise<SkeletonEntry[]> {
  const { url, baseUrl, reader, integrations, outputPath } = options;
  const localSkeleton = resolveLocalSkeleton(url, baseUrl);
  if (localSkeleton) {
    // fetchContents silently drops links that leave a local skeleton; they
    // are refused here instead, before anything is copied.
    await assertSymlinksStayInside(
      localSkeleton,
      await listSkeleton(localSkeleton),
    );
  }
  await fetchContents({
    reader,
    integrations,
    baseUrl,
    fetchUrl: url,
    outputPath,
  });
  // Archives read from a remote location can carry symlinks of their own.
  const entries = await listSkeleton(outputPath);
  await assertSymlinksStayInside(outputPath, entries);
  return entries;
}

// Mirrors fetchContents: a relative url next to a file:// template is read
// straight from disk, so that directory is what must be checked.
function resolveLocalSkeleton(
  url: string,
  baseUrl: string | undefined,
): string | undefined {
  if (!baseUrl?.startsWith('file://') || /^[a-z][a-z0-9+.-]*:/i.test(url)) {
    return undefined;
  }
  try {
    return resolveSafeChildPath(dirname(baseUrl.slice('file://'.length)), url);
  } catch {
    throw new InputError(`url '${url}' leaves the template's directory`);
  }
}
