import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogIngestionManagePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  unprocessedEntitiesDeletePermission,
  unprocessedEntitiesReadPermission,
} from '@backstage/plugin-catalog-unprocessed-entities-common';
import {
  taskCreatePermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  scorecardsDefinitionsReloadPermission,
  scorecardsEntityRefreshPermission,
  scorecardsExemptionRequestPermission,
  scorecardsExemptionReviewPermission,
} from '@callboard/plugin-scorecards-common';
import { CallboardPermissionPolicy } from './CallboardPermissionPolicy';

const ADMIN_GROUP = 'group:default/platform-admins';

function policyFor(ownershipEntityRefs: string[]) {
  return new CallboardPermissionPolicy({
    adminGroups: [ADMIN_GROUP],
    userInfo: mockServices.userInfo({ ownershipEntityRefs }),
  });
}

const asUser = {
  credentials: mockCredentials.user('user:default/ada.okafor'),
  info: {
    userEntityRef: 'user:default/ada.okafor',
    ownershipEntityRefs: [],
  },
};

const somePluginPermission = createPermission({
  name: 'callboard.example.read',
  attributes: { action: 'read' },
});

describe('CallboardPermissionPolicy', () => {
  it.each<[string, Permission]>([
    ['reading entities', catalogEntityReadPermission],
    ['registering a location', catalogLocationCreatePermission],
    ['reading unprocessed entities', unprocessedEntitiesReadPermission],
    ['running a template', taskCreatePermission],
    ['any other plugin permission', somePluginPermission],
  ])('allows every signed-in user %s', async (_, permission) => {
    const decision = await policyFor(['group:default/team-checkout']).handle(
      { permission },
      asUser,
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each<[string, Permission]>([
    ['deleting a location', catalogLocationDeletePermission],
    ['managing ingestion', catalogIngestionManagePermission],
    ['clearing unprocessed entities', unprocessedEntitiesDeletePermission],
    ['managing templates', templateManagementPermission],
  ])('denies non-admins %s', async (_, permission) => {
    const decision = await policyFor(['group:default/team-checkout']).handle(
      { permission },
      asUser,
    );
    expect(decision).toEqual({ result: AuthorizeResult.DENY });
  });

  it.each<[string, Permission]>([
    ['deleting any entity', catalogEntityDeletePermission],
    ['deleting a location', catalogLocationDeletePermission],
    ['managing templates', templateManagementPermission],
  ])('allows platform admins %s', async (_, permission) => {
    const decision = await policyFor([
      'user:default/sam.rivera',
      ADMIN_GROUP,
    ]).handle({ permission }, asUser);
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets non-admins delete only the entities they or their teams own', async () => {
    const decision = await policyFor([
      'user:default/ada.okafor',
      'group:default/team-checkout',
    ]).handle({ permission: catalogEntityDeletePermission }, asUser);

    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/ada.okafor', 'group:default/team-checkout'],
        },
      },
    });
  });

  it('grants nothing destructive to requests without a user', async () => {
    const decision = await policyFor([]).handle({
      permission: catalogLocationDeletePermission,
    });
    expect(decision).toEqual({ result: AuthorizeResult.DENY });
  });
});

describe('CallboardPermissionPolicy with the families’ permission rules', () => {
  it.each([
    ['refreshing an entity’s scorecards', scorecardsEntityRefreshPermission],
    ['requesting an exemption', scorecardsExemptionRequestPermission],
  ])('leaves %s to the entity’s owners', async (_, permission) => {
    const decision = await policyFor(['group:default/team-checkout']).handle(
      { permission },
      asUser,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['group:default/team-checkout'] },
      },
    });
  });

  it.each([
    ['reviewing exemptions', scorecardsExemptionReviewPermission],
    ['reloading definitions', scorecardsDefinitionsReloadPermission],
  ])('denies non-admins %s and allows admins', async (_, permission) => {
    expect(
      await policyFor(['group:default/team-checkout']).handle(
        { permission },
        asUser,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policyFor([ADMIN_GROUP]).handle({ permission }, asUser),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
