import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/ResourceType';

/** The Kubernetes version the sandbox reports; kubectl warns when it is more than one minor away. */
export const emulatedKubernetesVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
};

export function versionInfo() {
  return {
    major: emulatedKubernetesVersion.major,
    minor: emulatedKubernetesVersion.minor,
    gitVersion: emulatedKubernetesVersion.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T00:00:00Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreApiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(name: string, versions: string[]) {
  const groupVersions = versions.map(version => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return { name, versions: groupVersions, preferredVersion: groupVersions[0] };
}

export function apiGroupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter(group => group.name !== '')
      .map(group => groupDocument(group.name, group.versions)),
  };
}

export function apiGroup(registry: ResourceRegistry, name: string) {
  const group = registry.groups().find(candidate => candidate.name === name);
  return (
    group && {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...groupDocument(group.name, group.versions),
    }
  );
}

function resourceEntries(type: ResourceType) {
  const entries: object[] = [
    {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length ? { categories: type.categories } : {}),
    },
  ];
  if (type.hasStatusSubresource) {
    entries.push({
      name: `${type.plural}/status`,
      singularName: '',
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: ['get', 'patch', 'update'],
    });
  }
  for (const subresource of type.readOnlySubresources) {
    entries.push({
      name: `${type.plural}/${subresource}`,
      singularName: '',
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: ['get'],
    });
  }
  return entries;
}

export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: registry.resourcesIn(group, version).flatMap(resourceEntries),
  };
}
