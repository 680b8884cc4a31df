import { CompoundEntityRef } from '@backstage/catalog-model';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import { Link } from 'react-router-dom';
import styles from './CatalogEntityTable.module.css';

type LinksProps = {
  refs: CompoundEntityRef[];
  defaultKind: string;
  hrefOf: (ref: CompoundEntityRef) => string | undefined;
};

function RelatedEntityLink({
  entityRef,
  defaultKind,
  hrefOf,
}: {
  entityRef: CompoundEntityRef;
  defaultKind: string;
  hrefOf: LinksProps['hrefOf'];
}) {
  // The title arrives from the catalog after the first render ("team-checkout", then
  // "Checkout"); the hook renders again with it, as stock's links do.
  const { primaryTitle, secondaryTitle, Icon } = useEntityPresentation(
    entityRef,
    { defaultKind },
  );
  const href = hrefOf(entityRef);
  const content = (
    <>
      {Icon && (
        <span className={styles.relatedIcon}>
          <Icon fontSize="inherit" />
        </span>
      )}
      {primaryTitle}
    </>
  );
  return href ? (
    <Link to={href} title={secondaryTitle} className={styles.related}>
      {content}
    </Link>
  ) : (
    <span title={secondaryTitle}>{content}</span>
  );
}

/**
 * A row's owners or systems, each a link with its icon and title. Stock's `EntityRefLinks` draws
 * the same with a Material UI tooltip and two boxes per link, and each box attaches a style
 * sheet of its own: 23 of a page's 124 sheets.
 */
export function RelatedEntityLinks({ refs, defaultKind, hrefOf }: LinksProps) {
  return (
    <>
      {refs.map((ref, i) => (
        <span key={`${ref.kind}:${ref.namespace}/${ref.name}`}>
          {i > 0 && ', '}
          <RelatedEntityLink
            entityRef={ref}
            defaultKind={defaultKind}
            hrefOf={hrefOf}
          />
        </span>
      ))}
    </>
  );
}
