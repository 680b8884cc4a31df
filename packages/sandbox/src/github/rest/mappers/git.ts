import { encodeNodeId } from '../../store/ids';
import type { RecursiveTreeEntry } from '../../store/git/GitRepository';
import type { GitCommit, GitSignature } from '../../store/git/objects';
import type { RepoRef } from '../../store/types';
import type { MapperContext } from './MapperContext';

/** GitHub strips the trailing newline git keeps at the end of a message. */
export function displayMessage(message: string): string {
  return message.replace(/\n+$/, '');
}

export function mapGitUser(signature: GitSignature) {
  return { name: signature.name, email: signature.email, date: signature.date };
}

export const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

export function mapGitRef(
  context: MapperContext,
  ref: RepoRef,
  refName: string,
  sha: string,
  objectType: string,
) {
  const objectPath = objectType === 'tag' ? 'tags' : 'commits';
  return {
    ref: refName,
    node_id: encodeNodeId('Ref', `${ref.owner}/${ref.repo}:${refName}`),
    url: context.urls.repo(ref, `/git/${refName}`),
    object: {
      type: objectType,
      sha,
      url: context.urls.repo(ref, `/git/${objectPath}/${sha}`),
    },
  };
}

export function mapGitCommit(
  context: MapperContext,
  ref: RepoRef,
  commit: GitCommit,
) {
  return {
    sha: commit.sha,
    node_id: encodeNodeId('Commit', commit.sha),
    url: context.urls.repo(ref, `/git/commits/${commit.sha}`),
    html_url: context.urls.repoHtml(ref, `/commit/${commit.sha}`),
    author: mapGitUser(commit.author),
    committer: mapGitUser(commit.committer),
    tree: {
      sha: commit.tree,
      url: context.urls.repo(ref, `/git/trees/${commit.tree}`),
    },
    message: displayMessage(commit.message),
    parents: commit.parents.map(parent => ({
      sha: parent,
      url: context.urls.repo(ref, `/git/commits/${parent}`),
      html_url: context.urls.repoHtml(ref, `/commit/${parent}`),
    })),
    verification: commit.signature
      ? { ...UNSIGNED, reason: 'unknown_key', signature: commit.signature }
      : UNSIGNED,
  };
}

export function mapGitTree(
  context: MapperContext,
  ref: RepoRef,
  sha: string,
  entries: RecursiveTreeEntry[],
) {
  return {
    sha,
    url: context.urls.repo(ref, `/git/trees/${sha}`),
    tree: entries.map(entry => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.size !== undefined ? { size: entry.size } : {}),
      ...(entry.type === 'commit'
        ? {}
        : {
            url: context.urls.repo(
              ref,
              `/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
            ),
          }),
    })),
    truncated: false,
  };
}

/** Base64 wrapped at 60 columns, the way GitHub returns file and blob content. */
export function wrappedBase64(content: Buffer): string {
  const encoded = content.toString('base64');
  return encoded.length === 0 ? '' : `${encoded.replace(/(.{60})/g, '$1\n')}\n`;
}

export function mapBlob(
  context: MapperContext,
  ref: RepoRef,
  sha: string,
  content: Buffer,
) {
  return {
    sha,
    node_id: encodeNodeId('Blob', sha),
    size: content.length,
    url: context.urls.repo(ref, `/git/blobs/${sha}`),
    content: wrappedBase64(content),
    encoding: 'base64',
  };
}
