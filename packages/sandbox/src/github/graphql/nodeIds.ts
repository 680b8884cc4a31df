import { encodeNodeId, NodeType } from '../store/ids';

/** Types only the GraphQL API exposes, identified with the store's legacy scheme too. */
export type GraphqlOnlyNodeType =
  | 'Topic'
  | 'RepositoryTopic'
  | 'Language'
  | 'PullRequestCommit'
  | 'ReviewRequest'
  | 'Tag';

/**
 * The store's legacy node ids (`base64("0<len>:<Type><id>")`), so that a
 * REST `node_id` and a GraphQL `id` of the same object are equal.
 */
export function nodeId(
  type: NodeType | GraphqlOnlyNodeType,
  id: number | string,
): string {
  return encodeNodeId(type as NodeType, id);
}
