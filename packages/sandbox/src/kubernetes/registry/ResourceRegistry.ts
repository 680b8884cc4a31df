import { parseApiVersion } from '../types';
import { compareKubeVersions } from './kubeVersionPriority';
import { ResourceType, storageKey } from './ResourceType';

export interface ApiGroupVersions {
  name: string;
  /** Preferred version first. */
  versions: string[];
}

/**
 * The set of served resource types. Built-in types are fixed; types backed by
 * a CustomResourceDefinition come and go with the CRD object.
 */
export class ResourceRegistry {
  private readonly builtinTypes: ResourceType[];
  private readonly customTypes = new Map<string, ResourceType[]>();
  private readonly changeListeners = new Set<() => void>();

  constructor(builtinTypes: ResourceType[]) {
    this.builtinTypes = builtinTypes;
  }

  /** Replaces every type served for the named CRD. */
  registerCustomResourceDefinition(crdName: string, types: ResourceType[]) {
    this.customTypes.set(crdName, types);
    this.notifyChange();
  }

  unregisterCustomResourceDefinition(crdName: string) {
    if (this.customTypes.delete(crdName)) {
      this.notifyChange();
    }
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  all(): ResourceType[] {
    return [...this.builtinTypes, ...[...this.customTypes.values()].flat()];
  }

  find(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.all().find(
      type =>
        type.group === group &&
        type.version === version &&
        type.plural === plural,
    );
  }

  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.all().find(
      type =>
        type.group === group && type.version === version && type.kind === kind,
    );
  }

  /** Every served version of the storage a type belongs to. */
  findByStorageKey(key: string): ResourceType[] {
    return this.all().filter(type => storageKey(type) === key);
  }

  resourcesIn(group: string, version: string): ResourceType[] {
    return this.all().filter(
      type => type.group === group && type.version === version,
    );
  }

  hasGroup(group: string): boolean {
    return this.all().some(type => type.group === group);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.resourcesIn(group, version).length > 0;
  }

  /** Built-in groups in their fixed order, then custom groups alphabetically. */
  groups(): ApiGroupVersions[] {
    const versionsByGroup = new Map<string, string[]>();
    const addVersion = (type: ResourceType) => {
      const versions = versionsByGroup.get(type.group) ?? [];
      if (!versions.includes(type.version)) {
        versions.push(type.version);
      }
      versionsByGroup.set(type.group, versions);
    };
    this.builtinTypes.forEach(addVersion);
    const customTypes = [...this.customTypes.values()]
      .flat()
      .sort((left, right) => left.group.localeCompare(right.group));
    customTypes.forEach(addVersion);
    return [...versionsByGroup.entries()].map(([name, versions]) => ({
      name,
      versions: [...versions].sort(compareKubeVersions),
    }));
  }

  private notifyChange() {
    for (const listener of this.changeListeners) {
      listener();
    }
  }
}
