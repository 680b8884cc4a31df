import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DX_FIGURE_KEYS,
  DX_WINDOWS,
  DxDrillDownKind,
  DxEntityFigures,
  DxFigureKey,
  DxTeamFigures,
  DxWindow,
} from '@callboard/plugin-dx-metrics-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dxMetricsApiRef } from '../../api';
import { formatFigure, formatHours } from '../../format';
import { BandChip } from './BandChip';
import { DrillDownTable } from './DrillDownTable';
import { FigureCard } from './FigureCard';

const DRILL_DOWN_OF: Record<DxFigureKey, DxDrillDownKind> = {
  deploymentFrequency: 'deployments',
  leadTime: 'pull-requests',
  changeFailureRate: 'deployments',
  recoveryTime: 'incidents',
  reworkRate: 'deployments',
};

/** Picks the window: 7, 30 or 90 days. */
export function WindowPicker(props: {
  value: DxWindow;
  onChange: (window: DxWindow) => void;
}) {
  return (
    <Tabs
      value={props.value}
      onChange={(_, value) => props.onChange(value)}
      aria-label="Window"
      indicatorColor="primary"
    >
      {DX_WINDOWS.map(days => (
        <Tab key={days} value={days} label={`${days} days`} />
      ))}
    </Tabs>
  );
}

function Breakdown(props: { figures: DxEntityFigures }) {
  const b = props.figures.leadTimeBreakdown;
  const phases: Array<[string, number | null]> = [
    ['Coding', b.coding],
    ['Pickup', b.pickup],
    ['Review', b.review],
    ['Deploy', b.deploy],
  ];
  return (
    <InfoCard
      title="Lead time, phase by phase"
      subheader={`Medians over ${b.changes} changes`}
    >
      <Typography component="p" aria-label="Lead-time breakdown">
        {phases
          .map(([name, hours]) => `${name} ${formatHours(hours)}`)
          .join(' → ')}
      </Typography>
      {props.figures.botChanges > 0 && (
        <Typography variant="body2" color="textSecondary">
          {props.figures.botChanges} bot changes are counted apart and left out
          of lead time.
        </Typography>
      )}
    </InfoCard>
  );
}

function Coverage(props: { figures: DxEntityFigures }) {
  const c = props.figures.coverage;
  return (
    <InfoCard title="Data coverage">
      <Typography variant="body2">
        Repositories: {c.repositories.join(', ') || 'none'} · Deployments from:{' '}
        {c.deploymentSource} · Pull requests: {c.pullRequests ? 'yes' : 'no'} ·
        Incident signal: {c.incidents ? 'yes' : 'no'}
      </Typography>
      <ul aria-label="Coverage notes">
        {c.notes.map(note => (
          <li key={note}>
            <Typography variant="body2">{note}</Typography>
          </li>
        ))}
      </ul>
    </InfoCard>
  );
}

function ServicesTable(props: {
  figures: DxTeamFigures;
  onSelect: (ref: string) => void;
}) {
  return (
    <Table
      title="Per service"
      options={{ paging: false, search: false, padding: 'dense' }}
      data={props.figures.services}
      columns={[
        {
          title: 'Service',
          render: s => (
            <Link to="#" onClick={() => props.onSelect(s.entityRef)}>
              {s.title ?? parseEntityRef(s.entityRef).name}
            </Link>
          ),
        },
        ...DX_FIGURE_KEYS.map(key => ({
          title: key === 'deploymentFrequency' ? 'Deploys' : key,
          render: (s: DxEntityFigures) =>
            s.status === 'ok' ? (
              <span>
                {formatFigure(key, s.figures[key].value)}{' '}
                <BandChip band={s.figures[key].band} />
              </span>
            ) : (
              '—'
            ),
        })),
        { title: 'Notes', render: s => s.reason ?? s.coverage.notes.join(' ') },
      ]}
    />
  );
}

/**
 * The five DORA figures of a component or a team for 7, 30 or 90 days, with bands, trends, the
 * coverage note, the lead-time breakdown and, on request, the records behind a figure.
 */
export function FiguresPanel(props: { entityRef: string }) {
  const api = useApi(dxMetricsApiRef);
  const [window, setWindow] = useState<DxWindow>(30);
  const [drillDown, setDrillDown] = useState<DxDrillDownKind | undefined>();
  const [drillRef, setDrillRef] = useState(props.entityRef);
  const { value, loading, error } = useAsync(
    () => api.getFigures(props.entityRef, window),
    [api, props.entityRef, window],
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <WindowPicker value={window} onChange={setWindow} />
      </Grid>
      {loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {error && (
        <Grid item xs={12}>
          <ResponseErrorPanel error={error} />
        </Grid>
      )}
      {value && value.status === 'no-data' && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No DX data"
            description={value.reason ?? 'No data for this entity.'}
          />
        </Grid>
      )}
      {value && value.status === 'ok' && (
        <>
          {DX_FIGURE_KEYS.map(key => (
            <Grid
              item
              xs={12}
              sm={6}
              md={4}
              lg={2}
              key={key}
              style={{ flexGrow: 1 }}
            >
              <FigureCard
                figure={value.figures[key]}
                onOpen={() => {
                  setDrillRef(props.entityRef);
                  setDrillDown(DRILL_DOWN_OF[key]);
                }}
              />
            </Grid>
          ))}
          <Grid item xs={12} md={6}>
            <Breakdown figures={value} />
          </Grid>
          <Grid item xs={12} md={6}>
            <Coverage figures={value} />
          </Grid>
        </>
      )}
      {value && 'services' in value && (
        <Grid item xs={12}>
          <ServicesTable
            figures={value}
            onSelect={ref => {
              setDrillRef(ref);
              setDrillDown('deployments');
            }}
          />
        </Grid>
      )}
      {drillDown && (
        <Grid item xs={12}>
          <Tabs
            value={drillDown}
            onChange={(_, kind) => setDrillDown(kind)}
            aria-label="Records"
          >
            <Tab value="deployments" label="Deployments" />
            <Tab value="pull-requests" label="Pull requests" />
            <Tab value="incidents" label="Incidents" />
          </Tabs>
          <DrillDownTable
            entityRef={drillRef}
            window={window}
            kind={drillDown}
          />
        </Grid>
      )}
    </Grid>
  );
}
