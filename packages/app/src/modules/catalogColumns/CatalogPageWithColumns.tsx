import { ReactNode, memo } from 'react';
import { SupportButton } from '@backstage/core-components';
import {
  useApi,
  configApiRef,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { catalogTranslationRef } from '@backstage/plugin-catalog';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  CatalogFilterLayout,
  EntityListPagination,
  EntityListProvider,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { ButtonLink, Container, Header } from '@backstage/ui';
import { CatalogColumn } from '@callboard/catalog-columns';
import { CatalogEntityTable } from './CatalogEntityTable';
import { TableEntityList } from './TableEntityList';
import { WaitForOwnedList } from './WaitForOwnedList';

export type CatalogPageWithColumnsProps = {
  filters: ReactNode[];
  pagination: EntityListPagination;
  columns: CatalogColumn[];
  /** The list picker opens on "Owned": hold the list until it has the user's ownership. */
  opensOnOwnedList?: boolean;
};

/**
 * The table, rendered again only when its columns or what it draws change: the page around it
 * renders again as its permission and translations load, and a full load of `/catalog`
 * rendered the table a dozen times before its first row.
 */
function CatalogTableOfList({ columns }: { columns: CatalogColumn[] }) {
  return (
    <TableEntityList>
      <CatalogEntityTable columns={columns} />
    </TableEntityList>
  );
}

const ListTable = memo(CatalogTableOfList);

/** The catalog page as Backstage 1.55 draws it, with its own table (ADR 0067) and extra columns. */
export function CatalogPageWithColumns({
  filters,
  pagination,
  columns,
  opensOnOwnedList = false,
}: CatalogPageWithColumnsProps) {
  const orgName =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  const createComponentLink = useRouteRef(
    catalogPlugin.externalRoutes.createComponent,
  );
  const { t } = useTranslationRef(catalogTranslationRef);
  const { allowed } = usePermission({
    permission: catalogEntityCreatePermission,
  });
  const createHref = createComponentLink?.();
  return (
    <EntityListProvider pagination={pagination}>
      {opensOnOwnedList && <WaitForOwnedList />}
      <Header
        title={t('indexPage.title', { orgName })}
        customActions={
          <>
            {allowed && createHref && (
              <ButtonLink variant="primary" href={createHref}>
                {t('indexPage.createButtonTitle')}
              </ButtonLink>
            )}
            <SupportButton>{t('indexPage.supportButtonContent')}</SupportButton>
          </>
        }
      />
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>{filters}</CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <ListTable columns={columns} />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
}
