import { screen } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { OpenOnTeam, teamRefOf } from './OpenOnTeam';

/** Stands in for the graph page: shows the URL it was rendered at. */
function ShowSearch() {
  const location = useLocation();
  return <div>search: {decodeURIComponent(location.search)}</div>;
}

describe('teamRefOf', () => {
  it("picks the user's first group", () => {
    expect(
      teamRefOf({
        userEntityRef: 'user:default/ada.okafor',
        ownershipEntityRefs: [
          'user:default/ada.okafor',
          'group:default/team-checkout',
          'group:default/platform-admins',
        ],
      }),
    ).toBe('group:default/team-checkout');
  });

  it('falls back to the user when they are in no group', () => {
    expect(
      teamRefOf({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs: ['user:default/guest'],
      }),
    ).toBe('user:default/guest');
  });
});

describe('OpenOnTeam', () => {
  it("roots a graph opened without roots at the user's team", async () => {
    await renderInTestApp(
      <OpenOnTeam>
        <ShowSearch />
      </OpenOnTeam>,
      {
        initialRouteEntries: ['/catalog-graph'],
        apis: [
          mockApis.identity({
            userEntityRef: 'user:default/ada.okafor',
            ownershipEntityRefs: [
              'user:default/ada.okafor',
              'group:default/team-checkout',
            ],
          }),
        ],
      },
    );
    expect(
      await screen.findByText(
        'search: ?rootEntityRefs[]=group:default/team-checkout',
      ),
    ).toBeInTheDocument();
  });

  it('leaves a graph that already has roots as it is', async () => {
    await renderInTestApp(
      <OpenOnTeam>
        <ShowSearch />
      </OpenOnTeam>,
      {
        initialRouteEntries: [
          '/catalog-graph?rootEntityRefs[]=component:default/orders-service',
        ],
        apis: [
          mockApis.identity({
            userEntityRef: 'user:default/ada.okafor',
            ownershipEntityRefs: ['group:default/team-checkout'],
          }),
        ],
      },
    );
    expect(
      await screen.findByText(
        'search: ?rootEntityRefs[]=component:default/orders-service',
      ),
    ).toBeInTheDocument();
  });
});
