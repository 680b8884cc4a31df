import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DX_FIGURE_KEYS,
  DX_FIGURE_TITLES,
  DxOrgGroup,
  DxWindow,
} from '@callboard/plugin-dx-metrics-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dxMetricsApiRef } from '../../api';
import { formatFigure } from '../../format';
import { BandChip, WindowPicker } from '../FiguresPanel';

function groupLink(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref);
  return `/catalog/${namespace}/${kind}/${name}/dx-metrics`;
}

/** DX figures by department and team, for the groups the user can read. */
export function OrgDxPage() {
  const api = useApi(dxMetricsApiRef);
  const [window, setWindow] = useState<DxWindow>(30);
  const { value, loading, error } = useAsync(
    () => api.getOrgFigures(window),
    [api, window],
  );
  return (
    <Page themeId="tool">
      <Header title="DX metrics" subtitle="DORA keys by department and team" />
      <Content>
        {/* One row: the window on the left, the adoption page on the right, above the table. */}
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          mb={2}
        >
          <WindowPicker value={window} onChange={setWindow} />
          <Link to="/dx-metrics/adoption">Platform adoption</Link>
        </Box>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <section aria-label="Departments and teams">
            <Table<DxOrgGroup>
              title={`Departments and teams, last ${window} days`}
              options={{ paging: false, search: true, padding: 'dense' }}
              data={value.groups}
              emptyContent={
                <span>No departments or teams are visible to you.</span>
              }
              columns={[
                {
                  title: 'Group',
                  render: g => (
                    <Link to={groupLink(g.entityRef)}>
                      {g.title ?? g.entityRef}
                    </Link>
                  ),
                },
                { title: 'Type', field: 'type' },
                ...DX_FIGURE_KEYS.map(key => ({
                  title: DX_FIGURE_TITLES[key],
                  render: (g: DxOrgGroup) =>
                    g.figures.status === 'ok' ? (
                      <span>
                        {formatFigure(key, g.figures.figures[key].value)}{' '}
                        <BandChip band={g.figures.figures[key].band} />
                      </span>
                    ) : (
                      '—'
                    ),
                })),
              ]}
            />
          </section>
        )}
      </Content>
    </Page>
  );
}
