import {
  CodeSnippet,
  InfoCard,
  Progress,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ENTITY_ANNOTATIONS,
  StatusEvent,
} from '@callboard/plugin-infrastructure-common';
import { Box, Button, Chip, Grid, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { infrastructureApiRef } from '../../api';
import { claimOfEntity } from '../../claimOfEntity';
import { errorMessage } from '../../errorMessage';
import { ClaimActions } from '../ClaimActions';
import { ResourceTree } from '../ResourceTree';
import { ConditionRow } from './ConditionRow';

/**
 * A database's live state in its cluster. When the cluster cannot be asked,
 * the tab says so and why, and shows what the catalog last saw: unknown is
 * not failure.
 */
export function StatusTab() {
  const { entity } = useEntity();
  const api = useApi(infrastructureApiRef);
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const staleInCatalog = annotations[ENTITY_ANNOTATIONS.stale] === 'true';
  const lastSeen = annotations[ENTITY_ANNOTATIONS.lastSeen];
  const cluster = annotations[ENTITY_ANNOTATIONS.cluster] ?? 'unknown';
  const claim = claimOfEntity(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.status(entityRef),
    [api, entityRef],
  );

  const stale = staleInCatalog || Boolean(error);
  return (
    <Grid container spacing={3}>
      {stale && (
        <Grid item xs={12}>
          <WarningPanel
            severity="warning"
            defaultExpanded
            title={`Stale: what the catalog last saw${
              lastSeen ? ` at ${lastSeen}` : ''
            }`}
            message={
              error
                ? `The live status from cluster '${cluster}' is unavailable: ${errorMessage(
                    error,
                  )}`
                : `Cluster '${cluster}' could not be reached when the catalog last looked; this entity is kept, not deleted.`
            }
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <Box display="flex" gridGap={8}>
          <Button variant="outlined" onClick={retry} disabled={loading}>
            Refresh
          </Button>
          {claim && (
            <ClaimActions
              entityRef={entityRef}
              claim={claim}
              storage={value?.storage}
            />
          )}
        </Box>
      </Grid>
      {loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {error && (
        <Grid item xs={12}>
          <InfoCard title="Last known (from the catalog)">
            <Typography variant="body2">
              {annotations[ENTITY_ANNOTATIONS.kind] ?? 'Object'}{' '}
              {annotations[ENTITY_ANNOTATIONS.namespace]
                ? `${annotations[ENTITY_ANNOTATIONS.namespace]}/`
                : ''}
              {annotations[ENTITY_ANNOTATIONS.name] ?? entity.metadata.name} in
              cluster {cluster}
              {annotations[ENTITY_ANNOTATIONS.environment]
                ? ` (${annotations[ENTITY_ANNOTATIONS.environment]})`
                : ''}
            </Typography>
          </InfoCard>
        </Grid>
      )}
      {value && (
        <>
          <Grid item xs={12} md={6}>
            <InfoCard
              title="Conditions"
              subheader={`${value.object.kind} ${
                value.object.namespace ? `${value.object.namespace}/` : ''
              }${value.object.name} in cluster ${value.cluster}`}
            >
              <Box display="flex" flexDirection="column" gridGap={16}>
                <ConditionRow type="Synced" condition={value.synced} />
                <ConditionRow type="Ready" condition={value.ready} />
              </Box>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Connection secret">
              {value.connectionSecret ? (
                <>
                  <Typography variant="body1">
                    Secret <strong>{value.connectionSecret.name}</strong>
                    {value.connectionSecret.namespace
                      ? ` in namespace ${value.connectionSecret.namespace}`
                      : ''}
                  </Typography>
                  <Box
                    mt={1}
                    mb={1}
                    aria-label="Secret keys"
                    role="list"
                    display="flex"
                    flexWrap="wrap"
                    gridGap={4}
                  >
                    {value.connectionSecret.keys.map(key => (
                      <Chip
                        key={key}
                        label={key}
                        size="small"
                        role="listitem"
                      />
                    ))}
                  </Box>
                  <Typography variant="caption" color="textSecondary">
                    Keys only: the portal never reads the values. Mount the
                    Secret in your workload.
                  </Typography>
                </>
              ) : (
                <Typography variant="body2">
                  No connection Secret is written for this database.
                </Typography>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Composed resources">
              {value.unreadyLeaves.length > 0 ? (
                <Box mb={2}>
                  <WarningPanel
                    severity="warning"
                    title={`Not ready: ${value.unreadyLeaves.join(', ')}`}
                  />
                </Box>
              ) : null}
              <ResourceTree tree={value.tree} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <Table<StatusEvent>
              title="Events"
              options={{ paging: false, search: false, padding: 'dense' }}
              data={value.events}
              emptyContent={
                <Box p={2}>
                  <Typography variant="body2">
                    No events for this object: the cluster keeps them for a
                    short while only.
                  </Typography>
                </Box>
              }
              columns={[
                { title: 'Type', field: 'type' },
                { title: 'Reason', field: 'reason' },
                { title: 'Message', field: 'message' },
                { title: 'Count', field: 'count' },
                { title: 'Last seen', field: 'lastTimestamp' },
              ]}
            />
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="YAML">
              <CodeSnippet
                text={value.yaml}
                language="yaml"
                showCopyCodeButton
              />
            </InfoCard>
          </Grid>
        </>
      )}
    </Grid>
  );
}
