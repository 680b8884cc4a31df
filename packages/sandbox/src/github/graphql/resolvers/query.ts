import type { GraphqlContext } from '../context';
import type { FieldSource } from '../objects';
import {
  accountObject,
  requireOrganization,
  requireUser,
  userObject,
} from './accounts';
import { resolveNode } from './node';
import { requireRepository } from './repository';

/** GitHub charges every query at least one point; the sandbox charges exactly one. */
const QUERY_COST = 1;

export function queryRoot(context: GraphqlContext): FieldSource {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) =>
      requireRepository(context, owner, name),
    organization: ({ login }: { login: string }) =>
      requireOrganization(context, login),
    user: ({ login }: { login: string }) => requireUser(context, login),
    repositoryOwner: ({ login }: { login: string }) => {
      const account = context.store.accounts.get(login);
      return account && account.type !== 'Bot'
        ? accountObject(context, account)
        : null;
    },
    viewer: () => userObject(context, context.viewer),
    node: ({ id }: { id: string }) => resolveNode(context, id),
    nodes: ({ ids }: { ids: string[] }) =>
      ids.map(id => resolveNode(context, id)),
    rateLimit: () => {
      const { limit, remaining, used, reset } = context.rateLimit;
      return {
        cost: QUERY_COST,
        limit,
        remaining,
        used,
        resetAt: new Date(reset * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    },
  };
}
