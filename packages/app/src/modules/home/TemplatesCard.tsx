import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel, Link } from '@backstage/core-components';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** Every template in the catalog, each linking straight to its form. */
export function TemplatesContent() {
  const catalogApi = useApi(catalogApiRef);
  const templateRoute = useRouteRef(scaffolderPlugin.routes.selectedTemplate);
  const { loading, error, value } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'template' },
      fields: [
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'metadata.description',
      ],
      order: { field: 'metadata.title', order: 'asc' },
    });
    return items;
  }, [catalogApi]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value?.length) {
    return (
      <Typography variant="body2">
        No templates are registered in the catalog.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Templates">
      {value.map(template => (
        <ListItem key={template.metadata.name} disableGutters>
          <ListItemText
            primary={
              <Link
                to={templateRoute({
                  namespace: template.metadata.namespace ?? DEFAULT_NAMESPACE,
                  templateName: template.metadata.name,
                })}
              >
                {template.metadata.title ?? template.metadata.name}
              </Link>
            }
            secondary={template.metadata.description}
          />
        </ListItem>
      ))}
    </List>
  );
}
