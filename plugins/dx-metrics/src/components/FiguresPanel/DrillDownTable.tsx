import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DxDeploymentRecord,
  DxDrillDownKind,
  DxIncidentRecord,
  DxPullRequestRecord,
  DxWindow,
} from '@callboard/plugin-dx-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { dxMetricsApiRef } from '../../api';
import { formatHours } from '../../format';

const day = (iso: string | null) =>
  iso ? iso.replace('T', ' ').slice(0, 16) : '—';

const deploymentColumns: TableColumn<DxDeploymentRecord>[] = [
  { title: 'Finished', render: d => day(d.at) },
  { title: 'Repository', field: 'repository' },
  { title: 'Commit', render: d => <Link to={d.url}>{d.sha.slice(0, 7)}</Link> },
  { title: 'Status', field: 'status' },
  { title: 'Failed because', render: d => d.failureReasons.join('; ') || '—' },
  { title: 'Rework', render: d => (d.rework ? 'yes' : '') },
];

const pullColumns: TableColumn<DxPullRequestRecord>[] = [
  {
    title: 'Pull request',
    render: p => <Link to={p.url}>{`#${p.number} ${p.title}`}</Link>,
  },
  { title: 'Author', render: p => (p.bot ? `${p.author} (bot)` : p.author) },
  { title: 'Merged', render: p => day(p.mergedAt) },
  { title: 'In production', render: p => day(p.deployedAt) },
  { title: 'Lead time', render: p => formatHours(p.leadTimeHours) },
];

const incidentColumns: TableColumn<DxIncidentRecord>[] = [
  {
    title: 'Incident',
    render: i => <Link to={i.url}>{`#${i.number} ${i.title}`}</Link>,
  },
  { title: 'Repository', field: 'repository' },
  { title: 'Opened', render: i => day(i.openedAt) },
  { title: 'Closed', render: i => day(i.closedAt) },
];

const TITLES: Record<DxDrillDownKind, string> = {
  deployments: 'Production deployments',
  'pull-requests': 'Pull requests',
  incidents: 'Incidents',
};

/** The deployments, pull requests or incidents behind the figures, linked to GitHub. */
export function DrillDownTable(props: {
  entityRef: string;
  window: DxWindow;
  kind: DxDrillDownKind;
}) {
  const api = useApi(dxMetricsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getDrillDown(props.entityRef, props.window, props.kind),
    [api, props.entityRef, props.window, props.kind],
  );
  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  }
  const title = `${TITLES[props.kind]} (${value.items.length}, last ${
    props.window
  } days)`;
  const options = {
    paging: value.items.length > 20,
    pageSize: 20,
    search: false,
    padding: 'dense' as const,
  };
  const empty = <span>Nothing in this window.</span>;
  switch (value.kind) {
    case 'deployments':
      return (
        <Table
          title={title}
          options={options}
          columns={deploymentColumns}
          data={value.items}
          emptyContent={empty}
        />
      );
    case 'pull-requests':
      return (
        <Table
          title={title}
          options={options}
          columns={pullColumns}
          data={value.items}
          emptyContent={empty}
        />
      );
    default:
      return (
        <Table
          title={title}
          options={options}
          columns={incidentColumns}
          data={value.items}
          emptyContent={empty}
        />
      );
  }
}
