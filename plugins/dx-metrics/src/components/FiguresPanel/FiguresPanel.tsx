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
import MuiLink from '@material-ui/core/Link';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DX_FIGURE_KEYS,
  DX_FIGURE_TITLES,
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
    <section aria-label="Lead time, phase by phase">
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
            {props.figures.botChanges} bot changes are counted apart and left
            out of lead time.
          </Typography>
        )}
      </InfoCard>
    </section>
  );
}

function Coverage(props: { figures: DxEntityFigures }) {
  const c = props.figures.coverage;
  return (
    <section aria-label="Data coverage">
      <InfoCard title="Data coverage">
        <Typography variant="body2">
          Repositories: {c.repositories.join(', ') || 'none'} · Deployments
          from: {c.deploymentSource} · Pull requests:{' '}
          {c.pullRequests ? 'yes' : 'no'} · Incident signal:{' '}
          {c.incidents ? 'yes' : 'no'} · Last ingest:{' '}
          {c.lastIngestAt
            ? `${c.lastIngestAt.slice(0, 16).replace('T', ' ')} UTC`
            : 'not yet'}
        </Typography>
        <ul aria-label="Coverage notes">
          {c.notes.map(note => (
            <li key={note}>
              <Typography variant="body2">{note}</Typography>
            </li>
          ))}
        </ul>
      </InfoCard>
    </section>
  );
}

function ServicesTable(props: {
  figures: DxTeamFigures;
  onOpen: (ref: string, kind: DxDrillDownKind) => void;
}) {
  return (
    <section aria-label="Per service">
      <Table
        title="Per service"
        options={{ paging: false, search: false, padding: 'dense' }}
        data={props.figures.services}
        columns={[
          {
            title: 'Service',
            render: s => {
              const { namespace, name } = parseEntityRef(s.entityRef);
              return (
                <Link to={`/catalog/${namespace}/component/${name}/dx-metrics`}>
                  {s.title ?? name}
                </Link>
              );
            },
          },
          ...DX_FIGURE_KEYS.map(key => ({
            title: DX_FIGURE_TITLES[key],
            render: (s: DxEntityFigures) =>
              s.status === 'ok' ? (
                <span>
                  <MuiLink
                    component="button"
                    onClick={() =>
                      props.onOpen(s.entityRef, DRILL_DOWN_OF[key])
                    }
                    aria-label={`${DX_FIGURE_TITLES[key]} of ${
                      s.title ?? s.entityRef
                    } ${formatFigure(
                      key,
                      s.figures[key].value,
                    )}: show the records behind it`}
                  >
                    {formatFigure(key, s.figures[key].value)}
                  </MuiLink>{' '}
                  <BandChip band={s.figures[key].band} />
                </span>
              ) : (
                '—'
              ),
          })),
          {
            title: 'Notes',
            render: s => s.reason ?? s.coverage.notes.join(' '),
          },
        ]}
      />
    </section>
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
            onOpen={(ref, kind) => {
              setDrillRef(ref);
              setDrillDown(kind);
            }}
          />
        </Grid>
      )}
      {drillDown && (
        <Grid item xs={12} component="section" aria-label="Records">
          <Tabs
            value={drillDown}
            onChange={(_, kind) => setDrillDown(kind)}
            aria-label="Kind of records"
          >
            <Tab value="deployments" label="Deployments" />
            <Tab value="pull-requests" label="Pull requests" />
            <Tab value="incidents" label="Incidents" />
          </Tabs>
          <Typography variant="subtitle1" component="h2">
            Records behind the figures of {parseEntityRef(drillRef).name}
          </Typography>
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
