import type { MapperContext } from '../../rest/mappers/MapperContext';
import { mapOrganizationSimple } from '../../rest/mappers/users';
import type { AccountRecord } from '../../store/types';
import type { HookRecord } from '../types';
import { webhookOrganization, webhookRepository, webhookUser } from './common';
import { HookLocation, hookRepresentation } from './hookShape';

/** GitHub's zen sayings; each ping carries one. */
const ZEN = [
  'Design for failure.',
  'Keep it logically awesome.',
  'Speak like a human.',
  'Half measures are as bad as nothing at all.',
  'Anything added dilutes everything else.',
  'Approachable is better than simple.',
  'Mind your words, they are important.',
  'Non-blocking is better than blocking.',
  'Favor focus over features.',
  'Avoid administrative distraction.',
  'Practicality beats purity.',
  'Encourage flow.',
  'Responsive is better than fast.',
  "It's not fully shipped until it's fast.",
];

export async function renderPing(
  context: MapperContext,
  hook: HookRecord,
  location: HookLocation,
  sender: AccountRecord,
): Promise<Record<string, unknown>> {
  const { last_response: _lastResponse, ...hookShape } = hookRepresentation(
    context,
    hook,
    location,
  );
  const scope =
    location.kind === 'repository'
      ? {
          repository: await webhookRepository(context, location.repo),
          ...webhookOrganization(context, location.repo),
        }
      : { organization: mapOrganizationSimple(context, location.org) };
  return {
    zen: ZEN[hook.id % ZEN.length],
    hook_id: hook.id,
    hook: hookShape,
    ...scope,
    sender: webhookUser(context, sender),
  };
}
