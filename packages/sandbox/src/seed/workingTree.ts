import type { FileChangeInput } from '../github';

/**
 * One change to one file, expressed so it can be replayed onto a different
 * version of the file (a squash or rebase onto a newer `main`) and undone
 * (a revert).
 */
export type FileEdit =
  | { type: 'write'; path: string; content: string }
  | { type: 'delete'; path: string }
  | { type: 'append'; path: string; block: string }
  /** Inserts before the file's last closing brace (class bodies in Java/Kotlin/PHP). */
  | { type: 'insertBeforeClosingBrace'; path: string; block: string }
  | { type: 'remove'; path: string; block: string }
  | { type: 'replace'; path: string; from: string; to: string };

export function invertEdit(
  edit: FileEdit,
  previousContent: string | undefined,
): FileEdit {
  switch (edit.type) {
    case 'write':
      return previousContent === undefined
        ? { type: 'delete', path: edit.path }
        : { type: 'write', path: edit.path, content: previousContent };
    case 'delete':
      return {
        type: 'write',
        path: edit.path,
        content: previousContent ?? '',
      };
    case 'append':
    case 'insertBeforeClosingBrace':
      return { type: 'remove', path: edit.path, block: edit.block };
    case 'remove':
      return { type: 'append', path: edit.path, block: edit.block };
    case 'replace':
      return { type: 'replace', path: edit.path, from: edit.to, to: edit.from };
    default:
      return edit;
  }
}

function applyToContent(
  content: string | undefined,
  edit: FileEdit,
): string | undefined {
  switch (edit.type) {
    case 'write':
      return edit.content;
    case 'delete':
      return undefined;
    case 'append': {
      const base = content ?? '';
      const separator = base === '' || base.endsWith('\n\n') ? '' : '\n';
      return `${base}${separator}${edit.block}`;
    }
    case 'insertBeforeClosingBrace': {
      const base = content ?? '';
      const closing = base.lastIndexOf('}');
      if (closing === -1) {
        return `${base}\n${edit.block}`;
      }
      return `${base.slice(0, closing)}\n${edit.block}${base.slice(closing)}`;
    }
    case 'remove': {
      if (content === undefined) {
        return content;
      }
      const withSeparator = `\n${edit.block}`;
      if (content.includes(withSeparator)) {
        return content.replace(withSeparator, '');
      }
      return content.replace(edit.block, '');
    }
    case 'replace':
      return content?.replace(edit.from, edit.to);
    default:
      return content;
  }
}

/** A file tree in memory: what a branch looks like at one commit. */
export class WorkingTree {
  readonly #files: Map<string, string>;

  constructor(files: Iterable<[string, string]> = []) {
    this.#files = new Map(files);
  }

  clone(): WorkingTree {
    return new WorkingTree(this.#files);
  }

  read(path: string): string | undefined {
    return this.#files.get(path);
  }

  paths(): string[] {
    return [...this.#files.keys()].sort();
  }

  /**
   * Applies edits and returns the resulting file changes (whole contents, as
   * `writeCommit` takes them). Edits that no longer apply change nothing.
   */
  apply(edits: readonly FileEdit[]): FileChangeInput[] {
    const touched = new Set<string>();
    for (const edit of edits) {
      const before = this.#files.get(edit.path);
      const after = applyToContent(before, edit);
      if (after === before) {
        continue;
      }
      if (after === undefined) {
        this.#files.delete(edit.path);
      } else {
        this.#files.set(edit.path, after);
      }
      touched.add(edit.path);
    }
    return [...touched].sort().map(path => {
      const content = this.#files.get(path);
      return content === undefined
        ? { path, delete: true as const }
        : { path, content };
    });
  }

  /** The edits that undo `edits`, computed against this tree before they are applied. */
  inverseOf(edits: readonly FileEdit[]): FileEdit[] {
    const probe = this.clone();
    const inverse: FileEdit[] = [];
    for (const edit of edits) {
      inverse.unshift(invertEdit(edit, probe.read(edit.path)));
      probe.apply([edit]);
    }
    return inverse;
  }

  toChanges(): FileChangeInput[] {
    return this.paths().map(path => ({
      path,
      content: this.#files.get(path)!,
    }));
  }
}
