import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  EntityScorecardsResponse,
  scorecardsEntityRefreshPermission,
  scorecardsExemptionRequestPermission,
  scorecardsExemptionReviewPermission,
} from '@callboard/plugin-scorecards-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { scorecardsApiRef } from '../../api';
import { ExemptionDialog } from '../ExemptionDialog';
import { StatusChip } from '../StatusChip';

type CheckView = EntityScorecardsResponse['checks'][number];

const causes: Record<string, string> = {
  first: 'first evaluation',
  fact: 'a fact changed',
  rule: 'the rule changed',
  exemption: 'an exemption started or ended',
  freshness: 'a fact went stale or became current again',
};

function formatValue(value: unknown): string {
  return value === undefined ? 'not collected' : JSON.stringify(value);
}

function CheckCard(props: {
  check: CheckView;
  canRequest: boolean;
  canReview: boolean;
  onRequest: (check: CheckView) => void;
  onReview: (id: string, decision: 'approve' | 'reject') => Promise<void>;
}) {
  const { check } = props;
  const result = check.result;
  const pending = check.exemptions.filter(e => e.status === 'pending');
  return (
    <Box
      component="section"
      aria-label={`check ${check.title}`}
      border={1}
      borderColor="divider"
      borderRadius={4}
      p={2}
      mb={2}
    >
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          {check.title}
        </Typography>
        {result && <StatusChip status={result.status} />}
      </Box>
      <Typography variant="body2" color="textSecondary" paragraph>
        {check.description}
      </Typography>
      {result && (
        <>
          <Typography variant="subtitle2">Values that decided it</Typography>
          <ul aria-label={`values of ${check.title}`}>
            {result.facts.map(fact => (
              <li key={fact.id}>
                <code>{fact.id}</code> = <code>{formatValue(fact.value)}</code>
                {fact.collectedAt &&
                  ` (collected ${new Date(fact.collectedAt).toLocaleString()})`}
                {fact.problem && ` — ${fact.problem}`}
              </li>
            ))}
            {result.value !== undefined && typeof result.value === 'number' && (
              <li>result: {result.value}</li>
            )}
          </ul>
          {result.reason && (
            <Typography variant="body2" paragraph>
              {result.reason}
            </Typography>
          )}
          <Typography variant="caption" display="block" paragraph>
            Last changed {new Date(result.changedAt).toLocaleString()}
            {result.previousStatus
              ? ` from ${result.previousStatus}`
              : ''}: {causes[result.changeCause] ?? result.changeCause}
          </Typography>
        </>
      )}
      {result && result.status !== 'pass' && result.status !== 'exempt' && (
        <>
          <Typography variant="subtitle2">How to fix</Typography>
          <MarkdownContent content={check.howToFix} />
          {check.link && <Link to={check.link}>Learn more</Link>}
        </>
      )}
      {pending.map(exemption => (
        <Box key={exemption.id} mt={1} aria-label="pending exemption">
          <Typography variant="body2">
            Exemption requested by {exemption.requestedBy} until{' '}
            {exemption.expiresAt.slice(0, 10)}: “{exemption.reason}”
          </Typography>
          {props.canReview && (
            <Box mt={1}>
              <Button
                size="small"
                variant="contained"
                color="primary"
                onClick={() => props.onReview(exemption.id, 'approve')}
              >
                Approve exemption
              </Button>{' '}
              <Button
                size="small"
                onClick={() => props.onReview(exemption.id, 'reject')}
              >
                Reject exemption
              </Button>
            </Box>
          )}
        </Box>
      ))}
      {props.canRequest &&
        result &&
        (result.status === 'fail' || result.status === 'unknown') &&
        pending.length === 0 && (
          <Box mt={1}>
            <Button
              size="small"
              variant="outlined"
              onClick={() => props.onRequest(check)}
            >
              Request exemption
            </Button>
          </Box>
        )}
    </Box>
  );
}

/** The entity's Scorecards tab: its level per scorecard and every check, with why. */
export function EntityScorecardsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(scorecardsApiRef);
  const state = useAsyncRetry(() => api.getEntity(entityRef), [api, entityRef]);
  const refresh = usePermission({
    permission: scorecardsEntityRefreshPermission,
    resourceRef: entityRef,
  });
  const request = usePermission({
    permission: scorecardsExemptionRequestPermission,
    resourceRef: entityRef,
  });
  const review = usePermission({
    permission: scorecardsExemptionReviewPermission,
  });
  const [refreshing, setRefreshing] = useState(false);
  const [asking, setAsking] = useState<CheckView>();
  const [actionError, setActionError] = useState<Error>();

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const data = state.value!;

  const onRefresh = async () => {
    setRefreshing(true);
    try {
      await api.refreshEntity(entityRef);
      state.retry();
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setRefreshing(false);
    }
  };
  const onReview = async (id: string, decision: 'approve' | 'reject') => {
    try {
      await api.reviewExemption(id, { decision });
      state.retry();
    } catch (e) {
      setActionError(e as Error);
    }
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" justifyContent="flex-end">
          {refresh.allowed && (
            <Button
              variant="contained"
              color="primary"
              disabled={refreshing}
              onClick={onRefresh}
            >
              {refreshing ? 'Refreshing…' : 'Refresh now'}
            </Button>
          )}
        </Box>
        {actionError && <ResponseErrorPanel error={actionError} />}
      </Grid>
      {data.checks.length === 0 ? (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No scorecard results yet"
            description="No check applies to this entity, or it has not been evaluated yet. Owners can press Refresh now."
          />
        </Grid>
      ) : (
        <>
          {data.scorecards.map(scorecard => (
            <Grid item xs={12} md={6} key={scorecard.id}>
              <InfoCard
                title={scorecard.title}
                subheader={scorecard.description}
              >
                <Typography
                  variant="h5"
                  aria-label={`level on ${scorecard.title}`}
                >
                  {scorecard.standing.level ?? 'No level yet'}
                </Typography>
                <Typography variant="body2">
                  Score {scorecard.standing.score ?? '–'} / 100
                  {scorecard.standing.unknownChecks > 0 &&
                    ` · ${scorecard.standing.unknownChecks} unknown check(s) block the next level`}
                </Typography>
                <Typography variant="caption">
                  Levels: {scorecard.levels.map(l => l.name).join(' → ')}
                </Typography>
              </InfoCard>
            </Grid>
          ))}
          <Grid item xs={12}>
            {data.checks.map(check => (
              <CheckCard
                key={check.id}
                check={check}
                canRequest={request.allowed}
                canReview={review.allowed}
                onRequest={setAsking}
                onReview={onReview}
              />
            ))}
          </Grid>
        </>
      )}
      {asking && (
        <ExemptionDialog
          open
          checkTitle={asking.title}
          onClose={() => setAsking(undefined)}
          onSubmit={async ({ reason, expiresAt }) => {
            await api.requestExemption({
              entityRef,
              checkId: asking.id,
              reason,
              expiresAt,
            });
            state.retry();
          }}
        />
      )}
    </Grid>
  );
}
