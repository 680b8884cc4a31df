import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DX_FIGURE_KEYS,
  DX_FIGURE_TITLES,
} from '@callboard/plugin-dx-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { dxMetricsApiRef } from '../../api';
import { formatFigure } from '../../format';
import { BandChip } from '../FiguresPanel';

/** The signed-in user's team: its DORA keys over 30 days with their bands. */
export function DxHomeCard() {
  const identityApi = useApi(identityApiRef);
  const api = useApi(dxMetricsApiRef);
  const state = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const teamRef = ownershipEntityRefs.find(ref => ref.startsWith('group:'));
    return teamRef
      ? { teamRef, figures: await api.getFigures(teamRef, 30) }
      : undefined;
  }, [identityApi, api]);

  if (state.loading) {
    return <Progress />;
  }
  if (state.error) {
    return <ResponseErrorPanel error={state.error} />;
  }
  if (!state.value) {
    return (
      <Typography>
        You are not a member of a team in the catalog.{' '}
        <Link to="/dx-metrics">All teams' DX metrics</Link>
      </Typography>
    );
  }
  const { teamRef, figures } = state.value;
  const { namespace, name } = parseEntityRef(teamRef);
  const title = figures.title ?? name;
  return (
    <>
      {figures.status === 'ok' ? (
        <ul
          aria-label={`DX metrics of ${title}, last 30 days`}
          style={{ paddingLeft: 16, marginTop: 0 }}
        >
          {DX_FIGURE_KEYS.map(key => (
            <li key={key}>
              <Typography variant="body2" component="span">
                {DX_FIGURE_TITLES[key]}:{' '}
                {formatFigure(key, figures.figures[key].value)}{' '}
              </Typography>
              <BandChip band={figures.figures[key].band} />
            </li>
          ))}
        </ul>
      ) : (
        <Typography paragraph>
          No DX data for {title} yet: {figures.reason}
        </Typography>
      )}
      <Link to={`/catalog/${namespace}/group/${name}/dx-metrics`}>
        {title}'s DX metrics
      </Link>
      {' · '}
      <Link to="/dx-metrics">All teams</Link>
    </>
  );
}
