import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Exemption,
  OrgOverviewResponse,
  OverviewGrouping,
  overviewGroupings,
  scorecardsExemptionReviewPermission,
} from '@callboard/plugin-scorecards-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { OverviewQuery, scorecardsApiRef } from '../../api';
import { formatShares } from '../TeamScorecardsContent/TeamScorecardsContent';

type Row = OrgOverviewResponse['rows'][number];
type CheckRow = OrgOverviewResponse['checks'][number];

function PendingExemptions() {
  const api = useApi(scorecardsApiRef);
  const review = usePermission({
    permission: scorecardsExemptionReviewPermission,
  });
  const state = useAsyncRetry(() => api.listExemptions('pending'), [api]);
  if (!review.allowed) return null;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  return (
    <Table<Exemption>
      title="Exemptions waiting for review"
      isLoading={state.loading}
      options={{ paging: false, search: false }}
      data={state.value ?? []}
      columns={[
        {
          title: 'Entity',
          render: row => <EntityRefLink entityRef={row.entityRef} />,
        },
        { title: 'Check', field: 'checkId' },
        { title: 'Reason', field: 'reason' },
        { title: 'Expires', render: row => row.expiresAt.slice(0, 10) },
        { title: 'Requested by', field: 'requestedBy' },
        {
          title: 'Decision',
          render: row => (
            <>
              <Button
                size="small"
                color="primary"
                onClick={async () => {
                  await api.reviewExemption(row.id, { decision: 'approve' });
                  state.retry();
                }}
              >
                Approve
              </Button>
              <Button
                size="small"
                onClick={async () => {
                  await api.reviewExemption(row.id, { decision: 'reject' });
                  state.retry();
                }}
              >
                Reject
              </Button>
            </>
          ),
        },
      ]}
    />
  );
}

/** Org-wide rollup by team, department, System or Domain, with filters and CSV export. */
export function OrgScorecardsPage() {
  const api = useApi(scorecardsApiRef);
  const [query, setQuery] = useState<OverviewQuery>({ groupBy: 'team' });
  const [lifecycle, setLifecycle] = useState('');
  const state = useAsyncRetry(() => api.getOverview(query), [api, query]);
  const definitions = useAsync(() => api.getDefinitions(), [api]);

  const download = async () => {
    const blob = await api.getOverviewCsv(query);
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `scorecards-by-${query.groupBy}.csv`;
    anchor.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Content>
      <Grid container spacing={3}>
        {/* With an id, each select's button is named by its label, e.g. "Scorecard Gold". */}
        <Grid item xs={12}>
          {definitions.value && state.value && (
            <TextField
              select
              id="scorecards-scorecard"
              label="Scorecard"
              value={state.value.scorecardId}
              onChange={e =>
                // A check belongs to a scorecard: choosing another one clears the check.
                setQuery({
                  ...query,
                  scorecard: e.target.value,
                  check: undefined,
                })
              }
              style={{ minWidth: 200, marginRight: 16 }}
            >
              {definitions.value.scorecards.map(s => (
                <MenuItem key={s.id} value={s.id}>
                  {s.title}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            select
            id="scorecards-group-by"
            label="Group by"
            value={query.groupBy}
            onChange={e =>
              setQuery({
                ...query,
                groupBy: e.target.value as OverviewGrouping,
              })
            }
            style={{ minWidth: 160, marginRight: 16 }}
          >
            {overviewGroupings.map(g => (
              <MenuItem key={g} value={g}>
                {g}
              </MenuItem>
            ))}
          </TextField>
          {state.value && (
            <TextField
              select
              id="scorecards-check"
              label="Check"
              value={query.check ?? ''}
              onChange={e =>
                setQuery({ ...query, check: e.target.value || undefined })
              }
              style={{ minWidth: 220, marginRight: 16 }}
            >
              <MenuItem value="">All checks</MenuItem>
              {state.value.checks.map(c => (
                <MenuItem key={c.checkId} value={c.checkId}>
                  {c.title}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            id="scorecards-lifecycle"
            label="Lifecycle"
            value={lifecycle}
            onChange={e => setLifecycle(e.target.value)}
            onBlur={() =>
              setQuery({ ...query, lifecycle: lifecycle || undefined })
            }
            style={{ marginRight: 16 }}
          />
          <Button variant="outlined" onClick={download}>
            Export CSV
          </Button>
        </Grid>
        {state.loading && (
          <Grid item xs={12}>
            <Progress />
          </Grid>
        )}
        {state.error && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={state.error} />
          </Grid>
        )}
        {state.value?.problems.map(problem => (
          <Grid item xs={12} key={problem}>
            <WarningPanel
              title="Part of the org tree could not be rolled up"
              message={problem}
            />
          </Grid>
        ))}
        {state.value && (
          <>
            {/* One above the other: side by side, the checks' five columns did not fit in the
                card at 1440 px, and their titles broke mid-word. */}
            <Grid item xs={12}>
              <Table<Row>
                title={`By ${state.value.groupBy}`}
                options={{ paging: false }}
                data={state.value.rows}
                columns={[
                  {
                    title: 'Group',
                    render: row =>
                      row.groupRef.includes(':') ? (
                        <EntityRefLink
                          entityRef={row.groupRef}
                          title={row.title}
                        />
                      ) : (
                        row.title
                      ),
                  },
                  { title: 'Entities', field: 'entities', type: 'numeric' },
                  { title: 'Score', render: row => row.score ?? '–' },
                  { title: 'Levels', render: row => formatShares(row.shares) },
                ]}
              />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Checks">
                <Table<CheckRow>
                  options={{ paging: false, search: false, toolbar: false }}
                  data={state.value.checks}
                  // Shared evenly by default, a fifth was too narrow for a check's title.
                  columns={[
                    { title: 'Check', field: 'title', width: '40%' },
                    {
                      title: 'Pass',
                      field: 'pass',
                      type: 'numeric',
                      width: '15%',
                    },
                    {
                      title: 'Fail',
                      field: 'fail',
                      type: 'numeric',
                      width: '15%',
                    },
                    {
                      title: 'Unknown',
                      field: 'unknown',
                      type: 'numeric',
                      width: '15%',
                    },
                    {
                      title: 'Exempt',
                      field: 'exempt',
                      type: 'numeric',
                      width: '15%',
                    },
                  ]}
                />
              </InfoCard>
            </Grid>
          </>
        )}
        <Grid item xs={12}>
          <PendingExemptions />
        </Grid>
      </Grid>
    </Content>
  );
}
