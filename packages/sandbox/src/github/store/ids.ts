/**
 * GitHub's legacy global node ids: base64 of `0<len>:<Type><id>`, e.g.
 * `MDEwOlJlcG9zaXRvcnkx` for Repository 1. GraphQL `node(id:)` lookups decode
 * them with {@link decodeNodeId}.
 */
export type NodeType =
  | 'User'
  | 'Organization'
  | 'Bot'
  | 'Team'
  | 'Repository'
  | 'Ref'
  | 'Commit'
  | 'Tree'
  | 'Blob'
  | 'Label'
  | 'Issue'
  | 'IssueComment'
  | 'PullRequest'
  | 'PullRequestReview'
  | 'Status'
  | 'Environment'
  | 'Deployment'
  | 'DeploymentStatus'
  | 'Workflow'
  | 'WorkflowRun'
  | 'Release';

export function encodeNodeId(type: NodeType, id: number | string): string {
  const typeLength = String(type.length).padStart(2, '0');
  return Buffer.from(`${typeLength}:${type}${id}`).toString('base64');
}

export function decodeNodeId(
  nodeId: string,
): { type: string; id: string } | undefined {
  const decoded = Buffer.from(nodeId, 'base64').toString('utf8');
  const match = /^(\d+):(.*)$/.exec(decoded);
  if (!match) {
    return undefined;
  }
  const typeLength = Number(match[1]);
  const rest = match[2];
  if (rest.length <= typeLength) {
    return undefined;
  }
  return { type: rest.slice(0, typeLength), id: rest.slice(typeLength) };
}
