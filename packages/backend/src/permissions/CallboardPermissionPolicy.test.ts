import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogPermissions,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesPermissions } from '@backstage/plugin-catalog-unprocessed-entities-common';
import {
  scaffolderPermissions,
  taskReadPermission,
  templateDryRunPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  kubernetesPermissions,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import { dxMetricsPermissions } from '@callboard/plugin-dx-metrics-common';
import { scorecardsPermissions } from '@callboard/plugin-scorecards-common';
import { CallboardPermissionPolicy } from './CallboardPermissionPolicy';
import { Audience, permissionRules } from './rules';

const ADMIN_GROUP = 'group:default/platform-admins';

const policy = new CallboardPermissionPolicy({
  adminGroups: [ADMIN_GROUP],
  rules: permissionRules,
});

function userWith(
  userEntityRef: string,
  ownershipEntityRefs: string[],
): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs },
  };
}

const engineer = userWith('user:default/ada.okafor', [
  'user:default/ada.okafor',
  'group:default/team-checkout',
]);
const admin = userWith('user:default/sam.rivera', [
  'user:default/sam.rivera',
  ADMIN_GROUP,
]);

const installedPermissions: Permission[] = [
  ...catalogPermissions,
  ...Object.values(unprocessedEntitiesPermissions),
  ...scaffolderPermissions,
  ...kubernetesPermissions,
  ...scorecardsPermissions,
  ...dxMetricsPermissions,
];

function permissionsFor(audience: Audience): Permission[] {
  return installedPermissions.filter(p => permissionRules[p.name] === audience);
}

describe('CallboardPermissionPolicy', () => {
  it.each(permissionsFor('signed-in').map(p => [p.name, p]))(
    'allows every signed-in user %s',
    async (_, permission) => {
      await expect(policy.handle({ permission }, engineer)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each(permissionsFor('admin').map(p => [p.name, p]))(
    'reserves %s for platform admins',
    async (_, permission) => {
      await expect(policy.handle({ permission }, engineer)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(policy.handle({ permission }, admin)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each(permissionsFor('owner').map(p => [p.name, p]))(
    'grants %s to owners through a condition the plugin evaluates, and to admins outright',
    async (_, permission) => {
      const decision = await policy.handle({ permission }, engineer);
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      await expect(policy.handle({ permission }, admin)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it('lets non-admins delete only the entities they or their teams own', async () => {
    await expect(
      policy.handle({ permission: catalogEntityDeletePermission }, engineer),
    ).resolves.toEqual({
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

  it('lets non-admins read only the scaffolder tasks they started', async () => {
    await expect(
      policy.handle({ permission: taskReadPermission }, engineer),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: {
        rule: 'IS_TASK_OWNER',
        resourceType: 'scaffolder-task',
        params: { createdBy: ['user:default/ada.okafor'] },
      },
    });
  });

  it.each<[string, Permission]>([
    ['the raw Kubernetes proxy', kubernetesProxyPermission],
    ['scaffolder dry runs', templateDryRunPermission],
    ['deleting a location', catalogLocationDeletePermission],
  ])('denies non-admins %s', async (_, permission) => {
    await expect(policy.handle({ permission }, engineer)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it.each<[string, Permission]>([
    ['reading entities', catalogEntityReadPermission],
    ['registering a location', catalogLocationCreatePermission],
    ['the Kubernetes tab', kubernetesResourcesReadPermission],
  ])('allows non-admins %s', async (_, permission) => {
    await expect(policy.handle({ permission }, engineer)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies a permission the table does not name, to admins too', async () => {
    const unknown = createPermission({
      name: 'someplugin.thing.read',
      attributes: { action: 'read' },
    });
    for (const user of [engineer, admin]) {
      await expect(
        policy.handle({ permission: unknown }, user),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    }
  });

  it('denies an owner rule that has no resource to find the owner of', async () => {
    const ownerless = createPermission({
      name: 'someplugin.thing.update',
      attributes: { action: 'update' },
    });
    const withOwnerRule = new CallboardPermissionPolicy({
      adminGroups: [ADMIN_GROUP],
      rules: { [ownerless.name]: 'owner' },
    });
    await expect(
      withOwnerRule.handle({ permission: ownerless }, engineer),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('reports each denial with the permission, the user and the reason, and nothing else', async () => {
    const onDenied = jest.fn();
    const audited = new CallboardPermissionPolicy({
      adminGroups: [ADMIN_GROUP],
      rules: permissionRules,
      onDenied,
    });
    await audited.handle({ permission: kubernetesProxyPermission }, engineer);
    await audited.handle({ permission: kubernetesProxyPermission }, admin);
    await audited.handle({ permission: catalogEntityReadPermission }, engineer);
    await audited.handle({ permission: taskReadPermission }, engineer);
    await audited.handle(
      {
        permission: createPermission({
          name: 'someplugin.thing.read',
          attributes: { action: 'read' },
        }),
      },
      engineer,
    );
    expect(onDenied.mock.calls).toEqual([
      [
        {
          permission: 'kubernetes.proxy',
          userEntityRef: 'user:default/ada.okafor',
          reason: 'admins only',
        },
      ],
      [
        {
          permission: 'someplugin.thing.read',
          userEntityRef: 'user:default/ada.okafor',
          reason: 'no rule',
        },
      ],
    ]);
  });

  it('grants nothing to requests without a user', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('decides every permission of the installed plugins explicitly', () => {
    const missing = installedPermissions
      .map(p => p.name)
      .filter(name => !(name in permissionRules));
    expect(missing).toEqual([]);
  });

  it('uses owner rules only where a plugin can evaluate ownership', () => {
    const ownerRules = installedPermissions.filter(
      p => permissionRules[p.name] === 'owner',
    );
    for (const permission of ownerRules) {
      expect({
        name: permission.name,
        resourceType:
          'resourceType' in permission ? permission.resourceType : undefined,
      }).toEqual({
        name: permission.name,
        resourceType: expect.stringMatching(
          /^(catalog-entity|scaffolder-task)$/,
        ),
      });
    }
  });
});
