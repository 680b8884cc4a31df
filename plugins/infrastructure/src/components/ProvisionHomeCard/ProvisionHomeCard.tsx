import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { Typography } from '@material-ui/core';
import { rootRouteRef } from '../../routes';

/** The home page's way in to self-service databases. */
export function ProvisionHomeCard() {
  const provisionLink = useRouteRef(rootRouteRef);
  return (
    <>
      <Typography variant="body2" paragraph>
        A PostgreSQL or MySQL database for one of your team's components:
        staging in minutes, production by pull request.
      </Typography>
      <LinkButton
        to={provisionLink?.() ?? '/infrastructure'}
        variant="contained"
        color="primary"
      >
        Provision a database
      </LinkButton>
    </>
  );
}
