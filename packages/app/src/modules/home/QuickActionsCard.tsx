import { Link } from '@backstage/core-components';
import { iconsApiRef, useApi } from '@backstage/frontend-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import LinkIcon from '@material-ui/icons/Link';

export interface QuickAction {
  title: string;
  url: string;
  description?: string;
  icon?: string;
}

/** Links to the things people come to the portal to do, listed in app-config. */
export function QuickActionsContent(props: { actions: QuickAction[] }) {
  const iconsApi = useApi(iconsApiRef);
  return (
    <List dense aria-label="Quick actions">
      {props.actions.map(action => (
        <ListItem key={action.url} disableGutters>
          <ListItemIcon>
            {(action.icon && iconsApi.icon(action.icon)) ?? <LinkIcon />}
          </ListItemIcon>
          <ListItemText
            primary={<Link to={action.url}>{action.title}</Link>}
            secondary={action.description}
          />
        </ListItem>
      ))}
    </List>
  );
}
