import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { findRepositoryRoot } from '../seed/paths';

/**
 * Three demo engineers from `catalog/demo/org.yaml`, one team each in these tests: Ada in
 * team-checkout, Kwame in team-fulfilment, Sam in platform-admins.
 */
export const demoUsers = {
  ada: 'user:default/ada.okafor',
  kwame: 'user:default/kwame.mensah',
  sam: 'user:default/sam.rivera',
} as const;

const TEAMS: Record<string, string[]> = {
  [demoUsers.ada]: ['group:default/team-checkout'],
  [demoUsers.kwame]: ['group:default/team-fulfilment'],
  [demoUsers.sam]: ['group:default/platform-admins'],
};

/** The groups a demo user is in, as the catalog's ownership refs name them; none for others. */
export function demoTeamsOf(user: string): string[] {
  return TEAMS[user] ?? [];
}

/** `userInfo.getUserInfo` for a signed-in demo user: what they own is theirs and their team's. */
export async function demoUserInfo(credentials: { principal: unknown }) {
  const user = (credentials.principal as { userEntityRef: string })
    .userEntityRef;
  return {
    userEntityRef: user,
    ownershipEntityRefs: [user, ...demoTeamsOf(user)],
  };
}

/** A team Group whose members may provision into `namespaces` (comma-separated, as annotated). */
export function teamEntity(name: string, namespaces: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      annotations: { 'callboard.dev/kubernetes-namespaces': namespaces },
    },
    spec: { type: 'team', children: [] },
  };
}

/** A production service Component, so a claim can name it as what depends on the database. */
export function serviceEntity(name: string, owner: string, system: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', lifecycle: 'production', owner, system },
  };
}

/** `templates/<name>/template.yaml` of this repository, as the catalog reads it: an Entity. */
export function loadTemplate(name: string): unknown {
  return parse(
    fs.readFileSync(
      path.join(findRepositoryRoot(), 'templates', name, 'template.yaml'),
      'utf8',
    ),
  );
}
