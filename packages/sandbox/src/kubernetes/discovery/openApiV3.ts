import crypto from 'node:crypto';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/ResourceType';
import { emulatedKubernetesVersion } from './discoveryDocuments';

function groupVersionPath(group: string, version: string) {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function schemaName(type: ResourceType) {
  const reversedGroup = (type.group || 'core').split('.').reverse().join('.');
  return `${reversedGroup}.${type.version}.${type.kind}`;
}

function queryParameter(name: string) {
  return { name, in: 'query', schema: { type: 'string', uniqueItems: true } };
}

/**
 * Paths with the query parameters clients probe for. kubectl looks for
 * `fieldValidation` on a kind's PATCH operation to decide whether the server
 * validates fields, and skips its own schema validation when it does.
 */
function pathsFor(type: ResourceType) {
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const prefix = `/${groupVersionPath(type.group, type.version)}${
    type.namespaced ? '/namespaces/{namespace}' : ''
  }`;
  const schemaRef = { $ref: `#/components/schemas/${schemaName(type)}` };
  const okResponse = {
    '200': {
      description: 'OK',
      content: { 'application/json': { schema: schemaRef } },
    },
  };
  const writeParameters = ['dryRun', 'fieldManager', 'fieldValidation'].map(
    queryParameter,
  );
  const operation = (action: string, extra: object = {}) => ({
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    responses: okResponse,
    ...extra,
  });
  return {
    [`${prefix}/${type.plural}`]: {
      get: operation('list', {
        parameters: ['labelSelector', 'fieldSelector', 'watch'].map(
          queryParameter,
        ),
      }),
      post: operation('post', { parameters: writeParameters }),
    },
    [`${prefix}/${type.plural}/{name}`]: {
      get: operation('get'),
      put: operation('put', { parameters: writeParameters }),
      patch: operation('patch', {
        parameters: [...writeParameters, queryParameter('force')],
      }),
      delete: operation('delete', { parameters: [queryParameter('dryRun')] }),
    },
  };
}

export function openApiV3Document(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  const types = registry.resourcesIn(group, version);
  return {
    openapi: '3.0.0',
    info: {
      title: 'Kubernetes',
      version: emulatedKubernetesVersion.gitVersion,
    },
    paths: Object.assign({}, ...types.map(pathsFor)),
    components: {
      schemas: Object.fromEntries(
        types.map(type => [
          schemaName(type),
          {
            ...(type.schema ?? {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            }),
            'x-kubernetes-group-version-kind': [
              { group: type.group, version: type.version, kind: type.kind },
            ],
          },
        ]),
      ),
    },
  };
}

export function openApiV3Index(registry: ResourceRegistry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { name, versions } of registry.groups()) {
    for (const version of versions) {
      const path = groupVersionPath(name, version);
      const hash = crypto
        .createHash('sha512')
        .update(JSON.stringify(openApiV3Document(registry, name, version)))
        .digest('hex')
        .slice(0, 128)
        .toUpperCase();
      paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
    }
  }
  return { paths };
}
