import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { Link } from 'react-router-dom';
import { CatalogColumn, CatalogRow } from '@callboard/catalog-columns';
import styles from './CatalogEntityTable.module.css';
import { RelatedEntityLinks } from './RelatedEntityLinks';

/** The column titles, as catalog-react translates them (`entityTableColumnTitle.*`). */
export type ColumnTitle = (
  key:
    | 'name'
    | 'system'
    | 'owner'
    | 'type'
    | 'lifecycle'
    | 'namespace'
    | 'description'
    | 'tags'
    | 'targets',
) => string;

export type ColumnsContext = {
  /** The kind the table shows, lower case; undefined before the kind filter is set. */
  kind: string | undefined;
  /** A type is chosen, so every row has it and the Type column is left out. */
  typeChosen: boolean;
  /** Some entity is outside the default namespace, so the Namespace column is shown. */
  otherNamespaces: boolean;
  title: ColumnTitle;
  /** A related entity's title as the catalog presents it. */
  titleOf: (ref: CompoundEntityRef, defaultKind: string) => string;
  /** The entity's page in the catalog. */
  hrefOf: (entity: Entity | CompoundEntityRef) => string | undefined;
};

function text(value: unknown) {
  return typeof value === 'string' ? value : '';
}

function specField(field: string) {
  return (row: CatalogRow) => text(row.entity.spec?.[field]);
}

function targetsOf(entity: Entity) {
  const spec = entity.spec ?? {};
  if (Array.isArray(spec.targets)) return spec.targets.map(String);
  return typeof spec.target === 'string' ? [spec.target] : [];
}

/**
 * The columns Backstage 1.55's catalog table shows for a kind (plugin-catalog 2.0.9's
 * `defaultCatalogTableColumnsFunc`), with cells of plain links and text.
 */
export function defaultColumns({
  kind,
  typeChosen,
  otherNamespaces,
  title,
  titleOf,
  hrefOf,
}: ColumnsContext): CatalogColumn[] {
  const titles = (refs: CompoundEntityRef[], defaultKind: string) =>
    refs.map(ref => titleOf(ref, defaultKind)).join(', ');

  const name: CatalogColumn = {
    id: 'name',
    label: title('name'),
    // A plain link rather than stock's EntityRefLink: the row already has the entity's title,
    // and the stock link draws a Material UI tooltip and two boxes in every row.
    cell: row => {
      const href = hrefOf(row.entity);
      return href ? (
        <Link to={href} title={row.id} className={styles.name}>
          {row.title}
        </Link>
      ) : (
        row.title
      );
    },
    sortValue: row => row.title,
  };
  const relationColumn = (
    id: 'system' | 'owner',
    refsOf: (row: CatalogRow) => CompoundEntityRef[],
    defaultKind: string,
  ): CatalogColumn => ({
    id,
    label: title(id),
    cell: row => (
      <RelatedEntityLinks
        refs={refsOf(row)}
        defaultKind={defaultKind}
        hrefOf={hrefOf}
      />
    ),
    sortValue: row => titles(refsOf(row), defaultKind),
  });
  const system = relationColumn('system', row => row.partOfSystem, 'system');
  const owner = relationColumn('owner', row => row.ownedBy, 'group');
  const textColumn = (
    id: 'type' | 'lifecycle' | 'namespace',
    value: (row: CatalogRow) => string,
  ): CatalogColumn => ({
    id,
    label: title(id),
    cell: value,
    sortValue: value,
  });
  const type = typeChosen ? [] : [textColumn('type', specField('type'))];
  const lifecycle = textColumn('lifecycle', specField('lifecycle'));
  const namespace = textColumn(
    'namespace',
    row => row.entity.metadata.namespace ?? 'default',
  );
  const description: CatalogColumn = {
    id: 'description',
    label: title('description'),
    cell: row => (
      <div
        className={styles.description}
        title={row.entity.metadata.description}
      >
        {row.entity.metadata.description}
      </div>
    ),
  };
  // Plain chips, as stock's outlined ones: a tag here is read, not picked.
  const tags: CatalogColumn = {
    id: 'tags',
    label: title('tags'),
    cell: row => (
      <span className={styles.tags}>
        {row.entity.metadata.tags?.map(tag => (
          <span key={tag} className={styles.tag}>
            {tag}
          </span>
        ))}
      </span>
    ),
  };
  const targets: CatalogColumn = {
    id: 'targets',
    label: title('targets'),
    cell: row => targetsOf(row.entity).join(', '),
  };

  switch (kind) {
    case 'user':
      return [name, description, tags];
    case 'domain':
    case 'system':
      return [name, owner, description, tags];
    case 'group':
    case 'template':
      return [name, ...type, description, tags];
    case 'location':
      return [name, ...type, targets];
    default: {
      const namespaces = otherNamespaces ? [namespace] : [];
      return [
        name,
        system,
        owner,
        ...type,
        lifecycle,
        ...namespaces,
        description,
        tags,
      ];
    }
  }
}

/**
 * The kind's default columns with the plugins' columns for that kind right after the owner (or
 * at the end when the kind has no owner column): a plugin's column is what a team reads next to
 * the owner, and Description and Tags would push it out of a 1280 px view.
 */
export function columnsFor(
  extra: CatalogColumn[],
  context: ColumnsContext,
): CatalogColumn[] {
  const defaults = defaultColumns(context);
  const added = extra.filter(
    c =>
      !c.kinds ||
      (context.kind !== undefined && c.kinds.includes(context.kind)),
  );
  const owner = defaults.findIndex(c => c.id === 'owner');
  const at = owner === -1 ? defaults.length : owner + 1;
  return [...defaults.slice(0, at), ...added, ...defaults.slice(at)];
}
