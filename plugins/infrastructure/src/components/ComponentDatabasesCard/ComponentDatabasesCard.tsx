import { InfoCard, LinkButton } from '@backstage/core-components';
import {
  parseEntityRef,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { List, ListItem, Typography } from '@material-ui/core';
import { rootRouteRef } from '../../routes';

/** A component's databases, and the way to provision one for it. */
export function ComponentDatabasesCard() {
  const { entity } = useEntity();
  const provisionLink = useRouteRef(rootRouteRef);
  const resources = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_DEPENDS_ON)
    .map(relation => relation.targetRef)
    .filter(ref => parseEntityRef(ref).kind === 'resource');
  const href = `${
    provisionLink?.() ?? '/infrastructure'
  }?component=${encodeURIComponent(stringifyEntityRef(entity))}`;
  return (
    <InfoCard title="Databases">
      {resources.length > 0 ? (
        <List dense>
          {resources.map(ref => (
            <ListItem key={ref}>
              <EntityRefLink entityRef={ref} />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography variant="body2" paragraph>
          This component depends on no catalogued resource yet.
        </Typography>
      )}
      <LinkButton to={href} variant="outlined" color="primary">
        Provision a database
      </LinkButton>
    </InfoCard>
  );
}
