/** A group as the org tree needs it. */
export type OrgGroup = {
  ref: string;
  title: string;
  type?: string;
  parentRef?: string;
};

/**
 * The org tree from the catalog's groups. A cycle (a → b → a through
 * spec.parent) cannot be rolled up: it is reported, and the group where
 * the walk closed the loop is treated as having no parent, so every other
 * group still rolls up.
 */
export class OrgTree {
  readonly problems: string[] = [];
  readonly #groups = new Map<string, OrgGroup>();

  constructor(groups: OrgGroup[]) {
    for (const group of groups) this.#groups.set(group.ref, { ...group });
    const reported = new Set<string>();
    for (const start of this.#groups.keys()) {
      const path: string[] = [];
      const seen = new Set<string>();
      let current: string | undefined = start;
      while (current && this.#groups.has(current)) {
        if (seen.has(current)) {
          const loop = path.slice(path.indexOf(current));
          const key = [...loop].sort().join(',');
          if (!reported.has(key)) {
            reported.add(key);
            this.problems.push(
              `The org tree has a cycle: ${[...loop, current].join(
                ' → ',
              )}; ${current} is rolled up as if it had no parent`,
            );
          }
          this.#groups.get(path[path.length - 1])!.parentRef = undefined;
          break;
        }
        seen.add(current);
        path.push(current);
        current = this.#groups.get(current)!.parentRef;
      }
    }
  }

  get(ref: string): OrgGroup | undefined {
    return this.#groups.get(ref);
  }

  /** The group and its ancestors, nearest first. */
  ancestry(ref: string): OrgGroup[] {
    const chain: OrgGroup[] = [];
    let current = this.#groups.get(ref);
    while (current) {
      chain.push(current);
      current = current.parentRef
        ? this.#groups.get(current.parentRef)
        : undefined;
    }
    return chain;
  }

  /** The nearest group of the given type at or above `ref`. */
  nearest(ref: string, type: string): OrgGroup | undefined {
    return this.ancestry(ref).find(group => group.type === type);
  }
}
