import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { dxMetricsApiRef } from '../../api';
import { formatHours } from '../../format';

const percent = (ratio: number | null) =>
  ratio === null ? '—' : `${Math.round(ratio * 100)} %`;

function Measure(props: {
  title: string;
  value: string;
  detail: string;
  note?: string;
}) {
  return (
    <section aria-label={props.title}>
      <InfoCard title={props.title}>
        <Typography variant="h4" component="p">
          {props.value}
        </Typography>
        <Typography variant="body2">{props.detail}</Typography>
        {props.note && (
          <Typography variant="body2" color="textSecondary" role="note">
            {props.note}
          </Typography>
        )}
      </InfoCard>
    </section>
  );
}

/** The platform team's measures of success. */
export function AdoptionPage() {
  const api = useApi(dxMetricsApiRef);
  const { value, loading, error } = useAsync(() => api.getAdoption(), [api]);
  return (
    <Page themeId="tool">
      <Header
        title="Platform adoption"
        subtitle="How the golden path and self-service are used"
      />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Grid container spacing={2}>
            <Grid item xs={12} md={4}>
              <Measure
                title="Golden-path adoption"
                value={percent(value.goldenPath.ratio)}
                detail={`${value.goldenPath.adopted} of ${value.goldenPath.total} services have the template lock file or the reusable workflow`}
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <Measure
                title="Template version drift"
                value={`${value.templateDrift.behind} behind`}
                detail={`Newest version ${
                  value.templateDrift.latestVersion ?? 'unknown'
                }; ${
                  Object.entries(value.templateDrift.versions)
                    .map(([v, n]) => `${v}: ${n}`)
                    .join(', ') || 'no lock files'
                }`}
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <Measure
                title="Self-service databases"
                value={percent(value.selfService.ratio)}
                detail={`${value.selfService.viaPortal} of ${value.selfService.total} database claims came through the portal`}
                note={value.selfService.note}
              />
            </Grid>
            <Grid item xs={12} md={6}>
              <Measure
                title="New repository to first production deployment"
                value={formatHours(value.firstDeployment.medianHours)}
                detail={`Median over ${
                  value.firstDeployment.repositories.filter(
                    r => r.firstDeploymentAt,
                  ).length
                } new repositories`}
              />
            </Grid>
            <Grid item xs={12} md={6}>
              <Measure
                title="Scaffolder tasks"
                value={percent(value.scaffolder.successRate)}
                detail={`${value.scaffolder.succeeded} of ${
                  value.scaffolder.tasks
                } succeeded; median ${
                  value.scaffolder.medianDurationSeconds === null
                    ? '—'
                    : `${Math.round(value.scaffolder.medianDurationSeconds)} s`
                }`}
                note={value.scaffolder.note}
              />
            </Grid>
            <Grid item xs={12}>
              <Table
                title="Services on the golden path"
                options={{ paging: false, search: true, padding: 'dense' }}
                data={value.goldenPath.services}
                columns={[
                  {
                    title: 'Service',
                    field: 'entityRef',
                    render: s => <EntityRefLink entityRef={s.entityRef} />,
                  },
                  {
                    title: 'Lock file',
                    render: s => (s.lockFile ? 'yes' : 'no'),
                  },
                  {
                    title: 'Reusable workflow',
                    render: s => (s.reusableWorkflow ? 'yes' : 'no'),
                  },
                  {
                    title: 'Template version',
                    render: s => s.templateVersion ?? '—',
                  },
                ]}
              />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
}
