import { compareStrings, JsonObject } from '../types';
import {
  FieldPath,
  parsePathElement,
  PathElement,
  serializePathElement,
} from './fieldPath';

interface FieldSetNode {
  member: boolean;
  element?: PathElement;
  children: Map<string, FieldSetNode>;
}

function newNode(element?: PathElement): FieldSetNode {
  return { member: false, element, children: new Map() };
}

const kindOrder = { f: 0, v: 1, k: 2, i: 3 } as Record<string, number>;

function compareSerialized(left: string, right: string) {
  return (
    (kindOrder[left[0]] ?? 9) - (kindOrder[right[0]] ?? 9) ||
    compareStrings(left, right)
  );
}

/** A set of field paths, stored as a tree so it maps directly onto `fieldsV1`. */
export class FieldSet {
  private readonly root: FieldSetNode = newNode();

  static fromFieldsV1(fieldsV1: JsonObject): FieldSet {
    const set = new FieldSet();
    const visit = (object: JsonObject, path: FieldPath) => {
      for (const [serialized, child] of Object.entries(object)) {
        if (serialized === '.') {
          set.add(path);
          continue;
        }
        const childPath = [...path, parsePathElement(serialized)];
        const childObject = (child ?? {}) as JsonObject;
        if (Object.keys(childObject).length === 0) {
          set.add(childPath);
        } else {
          visit(childObject, childPath);
        }
      }
    };
    visit(fieldsV1, []);
    return set;
  }

  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.add(path);
    return set;
  }

  add(path: FieldPath): void {
    let node = this.root;
    for (const element of path) {
      const key = serializePathElement(element);
      let child = node.children.get(key);
      if (!child) {
        child = newNode(element);
        node.children.set(key, child);
      }
      node = child;
    }
    node.member = true;
  }

  has(path: FieldPath): boolean {
    return this.nodeAt(path)?.member ?? false;
  }

  remove(path: FieldPath): void {
    const node = this.nodeAt(path);
    if (node) node.member = false;
  }

  /** Whether any member lies strictly below `path`. */
  hasMembersBelow(path: FieldPath): boolean {
    const node = this.nodeAt(path);
    return node !== undefined && [...node.children.values()].some(hasAnyMember);
  }

  /** Whether the path is a member with nothing below it: a leaf value to compare. */
  isLeaf(path: FieldPath): boolean {
    return this.has(path) && !this.hasMembersBelow(path);
  }

  isEmpty(): boolean {
    return !hasAnyMember(this.root);
  }

  paths(): FieldPath[] {
    const result: FieldPath[] = [];
    const visit = (node: FieldSetNode, path: FieldPath) => {
      if (node.member) result.push(path);
      for (const child of node.children.values()) {
        visit(child, [...path, child.element as PathElement]);
      }
    };
    visit(this.root, []);
    return result;
  }

  filter(predicate: (path: FieldPath) => boolean): FieldSet {
    return FieldSet.of(this.paths().filter(predicate));
  }

  difference(other: FieldSet): FieldSet {
    return this.filter(path => !other.has(path));
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths(), ...other.paths()]);
  }

  toFieldsV1(): JsonObject {
    const serialize = (node: FieldSetNode): JsonObject => {
      const result: JsonObject = {};
      const children = [...node.children.entries()]
        .filter(([, child]) => hasAnyMember(child))
        .sort(([left], [right]) => compareSerialized(left, right));
      if (node.member && children.length > 0) {
        result['.'] = {};
      }
      for (const [key, child] of children) {
        result[key] = serialize(child);
      }
      return result;
    };
    return serialize(this.root);
  }

  private nodeAt(path: FieldPath): FieldSetNode | undefined {
    let node: FieldSetNode | undefined = this.root;
    for (const element of path) {
      node = node.children.get(serializePathElement(element));
      if (!node) return undefined;
    }
    return node;
  }
}

function hasAnyMember(node: FieldSetNode): boolean {
  return node.member || [...node.children.values()].some(hasAnyMember);
}
