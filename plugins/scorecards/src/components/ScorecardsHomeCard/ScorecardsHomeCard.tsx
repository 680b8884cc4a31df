import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { scorecardsApiRef } from '../../api';
import { formatShares } from '../TeamScorecardsContent/TeamScorecardsContent';

/** The signed-in user's team: its score and level shares per scorecard. */
export function ScorecardsHomeCard() {
  const identityApi = useApi(identityApiRef);
  const api = useApi(scorecardsApiRef);
  const state = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const teamRef = ownershipEntityRefs.find(ref => ref.startsWith('group:'));
    return teamRef
      ? { teamRef, rollup: await api.getTeam(teamRef, 30) }
      : undefined;
  }, [identityApi, api]);

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  if (!state.value) {
    return (
      <Typography>You are not a member of a team in the catalog.</Typography>
    );
  }
  const { teamRef, rollup } = state.value;
  const { namespace, name } = parseEntityRef(teamRef);
  return (
    <>
      {rollup.scorecards.map(scorecard => (
        <div key={scorecard.id} aria-label={`${scorecard.title} for your team`}>
          <Typography variant="subtitle1">
            {scorecard.title}: {scorecard.score ?? '–'} / 100
          </Typography>
          <Typography variant="body2" paragraph>
            {formatShares(scorecard.shares) || 'Not evaluated yet'}
          </Typography>
        </div>
      ))}
      <Link to={`/catalog/${namespace}/group/${name}/scorecards`}>
        Your team's scorecards
      </Link>
    </>
  );
}
