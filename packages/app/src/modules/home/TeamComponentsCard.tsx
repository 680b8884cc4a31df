import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityDisplayName,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { loadUserTeams, teamRefs } from './useUserTeams';

function useTeamComponents() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  // One chain, so the card goes from loading to its answer without flickering in between.
  return useAsync(async () => {
    const { teams } = await loadUserTeams(identityApi, catalogApi);
    if (teams.length === 0) {
      return { teams, components: [] };
    }
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'component',
        [`relations.${RELATION_OWNED_BY.toLocaleLowerCase('en-US')}`]:
          teamRefs(teams),
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'metadata.description',
        'spec.type',
        'spec.lifecycle',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return { teams, components: items };
  }, [identityApi, catalogApi]);
}

function describe(component: Entity) {
  const spec = component.spec as { type?: string; lifecycle?: string };
  return [spec.type, spec.lifecycle].filter(Boolean).join(' · ');
}

/** The components owned by the teams the signed-in user belongs to. */
export function TeamComponentsContent() {
  const { loading, error, value } = useTeamComponents();
  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  }
  const { teams, components } = value;
  if (teams.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="You are not in a team yet"
        description="Components appear here once your User entity names a group under spec.memberOf."
      />
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        Owned by{' '}
        {teams.map((team, index) => (
          <span key={team.metadata.name}>
            {index > 0 && ', '}
            <EntityRefLink entityRef={team} />
          </span>
        ))}
      </Typography>
      {components.length === 0 ? (
        <Typography variant="body2">
          Your team owns no components yet.
        </Typography>
      ) : (
        <List dense aria-label="Your team's components">
          {components.map(component => (
            <ListItem key={component.metadata.name} disableGutters>
              <ListItemText
                primary={
                  <EntityRefLink entityRef={component}>
                    <EntityDisplayName entityRef={component} hideIcon />
                  </EntityRefLink>
                }
                secondary={
                  [describe(component), component.metadata.description]
                    .filter(Boolean)
                    .join(' — ') || undefined
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
