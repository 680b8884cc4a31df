import {
  Content,
  InfoCard,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  defaultEntityPresentation,
} from '@backstage/plugin-catalog-react';
import {
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { infrastructureApiRef, TeamChoice } from '../../api';
import { errorMessage } from '../../errorMessage';
import { TaskProgress } from '../TaskProgress';
import { ProvisionForm } from './ProvisionForm';
import { ComponentChoice } from './formSchema';

/**
 * The user's teams named as the catalog names them ("Checkout", not team-checkout). A catalog
 * that cannot answer leaves the names from the refs: the form still works with them.
 */
async function withTitles(
  catalogApi: typeof catalogApiRef.T,
  teams: TeamChoice[],
): Promise<TeamChoice[]> {
  const groups = await catalogApi
    .getEntitiesByRefs({
      entityRefs: teams.map(team => team.ref),
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    })
    .catch(() => ({ items: [] }));
  return teams.map((team, index) => ({
    ...team,
    title: defaultEntityPresentation(groups.items[index] ?? team.ref)
      .primaryTitle,
  }));
}

function useChoices() {
  const api = useApi(infrastructureApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const [environments, teams, components] = await Promise.all([
      api.environments(),
      api.teams(),
      catalogApi.getEntities({
        filter: { kind: 'Component' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      }),
    ]);
    const componentChoices: ComponentChoice[] = components.items
      .map(entity => ({
        ref: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
      }))
      .sort((a, b) => a.title.localeCompare(b.title));
    return {
      environments,
      anyTeam: teams.anyTeam,
      teams: await withTitles(catalogApi, teams.teams),
      components: componentChoices,
    };
  }, [api, catalogApi]);
}

/**
 * Provision a database: pick the environment and the self-service kind, then
 * fill the form the XRD's schema generates. `?component=` prefills the
 * component (the link on a component's page).
 */
export function ProvisionPage(props: { templateRef: string }) {
  const api = useApi(infrastructureApiRef);
  const [searchParams] = useSearchParams();
  const component = searchParams.get('component') ?? undefined;
  const choices = useChoices();
  const [environmentName, setEnvironmentName] = useState<string>();
  const [kindKey, setKindKey] = useState<string>();
  const [taskId, setTaskId] = useState<string>();

  const environment =
    choices.value?.environments.find(e => e.name === environmentName) ??
    choices.value?.environments[0];
  const apis = useAsync(
    async () => (environment ? api.apis(environment.name) : []),
    [api, environment?.name],
  );
  const xrd =
    apis.value?.find(a => `${a.apiVersion}/${a.kind}` === kindKey) ??
    apis.value?.[0];

  if (choices.loading) return <Progress />;
  if (choices.error) {
    return (
      <WarningPanel
        severity="error"
        defaultExpanded
        title="Provisioning is unavailable"
        message={errorMessage(choices.error)}
      />
    );
  }
  const { environments, teams, anyTeam, components } = choices.value!;

  if (taskId) {
    return (
      <Content>
        <InfoCard
          title={`Provisioning in ${environment?.title ?? ''}`}
          subheader={
            environment?.delivery === 'direct'
              ? 'Applied directly; the task waits for Synced and Ready'
              : 'Proposed by pull request; the task ends with its link'
          }
        >
          <TaskProgress taskId={taskId} />
        </InfoCard>
      </Content>
    );
  }

  const initialComponent =
    component && !components.some(c => c.ref === component)
      ? [...components, { ref: component, title: component }]
      : components;
  const firstTeam = teams.length === 1 ? teams[0] : undefined;

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <FormControl fullWidth margin="normal">
            <InputLabel id="environment-label">Environment</InputLabel>
            <Select
              labelId="environment-label"
              value={environment?.name ?? ''}
              onChange={e => {
                setEnvironmentName(e.target.value as string);
                setKindKey(undefined);
              }}
            >
              {environments.map(e => (
                <MenuItem key={e.name} value={e.name}>
                  {e.title} (
                  {e.delivery === 'direct'
                    ? 'applied directly'
                    : 'by pull request'}
                  )
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl fullWidth margin="normal" disabled={!apis.value}>
            <InputLabel id="kind-label">Kind</InputLabel>
            <Select
              labelId="kind-label"
              value={xrd ? `${xrd.apiVersion}/${xrd.kind}` : ''}
              onChange={e => setKindKey(e.target.value as string)}
            >
              {(apis.value ?? []).map(a => (
                <MenuItem
                  key={`${a.apiVersion}/${a.kind}`}
                  value={`${a.apiVersion}/${a.kind}`}
                >
                  {a.title}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          {xrd?.description && (
            <Typography variant="body2" color="textSecondary">
              {xrd.description}
            </Typography>
          )}
        </Grid>
        <Grid item xs={12} md={8}>
          {teams.length === 0 && (
            <WarningPanel
              severity="info"
              title="You belong to no team"
              message="Databases are owned by teams; ask to be added to one in the catalog."
            />
          )}
          {apis.loading && <Progress />}
          {apis.error && (
            <WarningPanel
              severity="error"
              defaultExpanded
              title={`The kinds offered in ${environment?.title} could not be read`}
              message={errorMessage(apis.error)}
            />
          )}
          {apis.value?.length === 0 && (
            <WarningPanel
              severity="info"
              title={`No self-service kinds in ${environment?.title}`}
              message={`Cluster '${environment?.cluster}' has no XRD labelled for self-service.`}
            />
          )}
          {environment && xrd && (
            <ProvisionForm
              key={`${environment.name}/${xrd.apiVersion}/${xrd.kind}`}
              environment={environment}
              xrd={xrd}
              teams={teams}
              anyTeam={anyTeam}
              components={initialComponent}
              initial={{
                component,
                team: firstTeam?.ref,
                namespace: firstTeam?.namespaces[0],
              }}
              templateRef={props.templateRef}
              onTaskStarted={setTaskId}
            />
          )}
        </Grid>
      </Grid>
    </Content>
  );
}
