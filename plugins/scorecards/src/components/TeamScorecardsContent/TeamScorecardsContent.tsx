import { lazy, Suspense } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  LevelShare,
  TeamRollupResponse,
} from '@callboard/plugin-scorecards-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { scorecardsApiRef } from '../../api';
import { standingText } from '../standingText';

const TrendChart = lazy(() =>
  import('./TrendChart').then(m => ({ default: m.TrendChart })),
);

const WINDOW_DAYS = 90;

export function formatShares(shares: LevelShare[]): string {
  return shares
    .filter(s => s.count > 0)
    .map(s => `${s.level ?? 'no level'} ${Math.round(s.share * 100)}%`)
    .join(' · ');
}

type Service = TeamRollupResponse['services'][number];

/** A team's Scorecards tab: services with levels, the rollup, the trend, failing checks. */
export function TeamScorecardsContent() {
  const { entity } = useEntity();
  const teamRef = stringifyEntityRef(entity);
  const api = useApi(scorecardsApiRef);
  const state = useAsync(
    () => api.getTeam(teamRef, WINDOW_DAYS),
    [api, teamRef],
  );

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const data = state.value!;
  if (data.services.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No scorecard results for this team yet"
        description="The team owns no entity a scorecard applies to, or none has been evaluated yet."
      />
    );
  }

  return (
    <Grid container spacing={3}>
      {data.scorecards.map(scorecard => (
        <Grid item xs={12} md={6} key={scorecard.id}>
          <InfoCard
            title={scorecard.title}
            subheader={`Last ${data.window} days`}
          >
            <Typography
              variant="h5"
              aria-label={`${scorecard.title} team score`}
            >
              Score {scorecard.score ?? '–'} / 100
            </Typography>
            <Typography
              variant="body2"
              aria-label={`${scorecard.title} levels`}
            >
              {formatShares(scorecard.shares)}
            </Typography>
            <Suspense fallback={<Progress />}>
              <TrendChart points={scorecard.trend} title={scorecard.title} />
            </Suspense>
          </InfoCard>
        </Grid>
      ))}
      <Grid item xs={12} md={8}>
        <Table<Service>
          title="Services"
          options={{ paging: false, search: false }}
          data={data.services}
          columns={[
            {
              title: 'Entity',
              field: 'entityRef',
              render: row => (
                <EntityRefLink entityRef={row.entityRef} title={row.title} />
              ),
            },
            ...data.scorecards.map(scorecard => ({
              title: scorecard.title,
              render: (row: Service) => {
                const standing = row.standings.find(
                  s => s.scorecardId === scorecard.id,
                );
                return standing ? standingText(standing) : '–';
              },
            })),
          ]}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Most failing checks">
          {data.mostFailing.length === 0 ? (
            <Typography>No check fails for this team.</Typography>
          ) : (
            <ol aria-label="most failing checks">
              {data.mostFailing.map(check => (
                <li key={check.checkId}>
                  {check.title}: {check.failing} of {check.of}
                </li>
              ))}
            </ol>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
