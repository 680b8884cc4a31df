import { Content, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  HomePageLayoutProps,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';
import { makeStyles } from '@material-ui/core/styles';
import { useUserTeams } from './useUserTeams';

const GRID_COLUMNS = 12;
const DEFAULT_COLUMNS = 6;

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
    gap: theme.spacing(3),
    alignItems: 'start',
  },
  cell: {
    minWidth: 0,
    // One column on narrow screens, whatever width a card asked for.
    [theme.breakpoints.down('sm')]: { gridColumn: '1 / -1 !important' },
  },
}));

interface Placed {
  widget: HomePageWidgetData;
  columns: number;
}

/**
 * Orders the widgets: those listed in page:home's `defaultConfig` first, by row then column and
 * with the width given there; then every other installed widget at the width its extension asks
 * for. A card a plugin adds therefore appears without any config, and config only arranges.
 */
export function arrangeWidgets(
  widgets: HomePageWidgetData[],
  defaultConfig: HomePageLayoutProps['defaultConfig'] = [],
): Placed[] {
  const listed = [...defaultConfig].sort(
    (a, b) => a.row - b.row || a.column - b.column,
  );
  const placed: Placed[] = [];
  const remaining = [...widgets];
  for (const item of listed) {
    const index = remaining.findIndex(w => w.name === item.component);
    if (index >= 0) {
      const [widget] = remaining.splice(index, 1);
      placed.push({ widget, columns: item.width });
    }
  }
  for (const widget of remaining) {
    placed.push({
      widget,
      columns: widget.layout?.width?.defaultColumns ?? DEFAULT_COLUMNS,
    });
  }
  return placed.map(p => ({
    ...p,
    columns: Math.min(GRID_COLUMNS, Math.max(1, p.columns)),
  }));
}

function greeting(hour: number) {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/**
 * Callboard's home: a fixed grid rather than Backstage's customizable one, whose empty default
 * ("No widgets added") is what a new user saw. Every installed widget is shown.
 */
export function HomeLayout(props: HomePageLayoutProps) {
  const classes = useStyles();
  const configApi = useApi(configApiRef);
  const { value } = useUserTeams();
  const organization =
    configApi.getOptionalString('organization.name') ?? 'Backstage';
  const profile = value?.user?.spec?.profile as
    | { displayName?: string }
    | undefined;
  const firstName = profile?.displayName?.split(' ')[0];
  const title = `${greeting(new Date().getHours())}${
    firstName ? `, ${firstName}` : ''
  }`;
  return (
    <Page themeId="home">
      <Header title={title} subtitle={`${organization} developer portal`} />
      <Content>
        <div className={classes.grid}>
          {arrangeWidgets(props.widgets, props.defaultConfig).map(
            ({ widget, columns }) => (
              <div
                key={widget.name ?? widget.node.spec.id}
                className={classes.cell}
                style={{ gridColumn: `span ${columns}` }}
              >
                {widget.component}
              </div>
            ),
          )}
        </div>
      </Content>
    </Page>
  );
}
