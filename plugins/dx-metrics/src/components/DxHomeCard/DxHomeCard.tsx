import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import { dxMetricsApiRef } from '../../api';
import { formatFigure } from '../../format';
import { BandChip } from '../FiguresPanel';

/** Teams' deployment frequency and lead time over 30 days, linking to their DX tabs. */
export function DxHomeCard() {
  const api = useApi(dxMetricsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getOrgFigures(30),
    [api],
  );
  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  }
  const teams = value.groups.filter(
    g => g.type === 'team' && g.figures.status === 'ok',
  );
  if (teams.length === 0) {
    return <Typography>No team has DX data yet.</Typography>;
  }
  return (
    <ul aria-label="Teams' DX metrics" style={{ paddingLeft: 16 }}>
      {teams.map(team => {
        const { namespace, name } = parseEntityRef(team.entityRef);
        const frequency = team.figures.figures.deploymentFrequency;
        const lead = team.figures.figures.leadTime;
        return (
          <li key={team.entityRef}>
            <Link to={`/catalog/${namespace}/group/${name}/dx-metrics`}>
              {team.title ?? name}
            </Link>
            : {formatFigure('deploymentFrequency', frequency.value)}{' '}
            <BandChip band={frequency.band} /> · lead time{' '}
            {formatFigure('leadTime', lead.value)} <BandChip band={lead.band} />
          </li>
        );
      })}
    </ul>
  );
}
