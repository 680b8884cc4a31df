import { HomePageWidgetData } from '@backstage/plugin-home-react/alpha';
import { arrangeWidgets } from './HomeLayout';

function widget(name: string, defaultColumns?: number): HomePageWidgetData {
  return {
    name,
    node: { spec: { id: `home-page-widget:test/${name}` } } as any,
    component: <div>{name}</div>,
    layout: defaultColumns ? { width: { defaultColumns } } : undefined,
  };
}

describe('arrangeWidgets', () => {
  it('puts configured cards first, by row then column, at their configured width', () => {
    const placed = arrangeWidgets(
      [widget('a'), widget('b'), widget('c')],
      [
        { component: 'c', row: 0, column: 0, width: 8, height: 1 },
        { component: 'a', row: 1, column: 0, width: 4, height: 1 },
        { component: 'b', row: 0, column: 8, width: 4, height: 1 },
      ],
    );
    expect(placed.map(p => [p.widget.name, p.columns])).toEqual([
      ['c', 8],
      ['b', 4],
      ['a', 4],
    ]);
  });

  it('shows a card no config mentions, at the width its extension asks for', () => {
    const placed = arrangeWidgets(
      [widget('plugin-card', 12), widget('listed'), widget('plain')],
      [{ component: 'listed', row: 0, column: 0, width: 6, height: 1 }],
    );
    expect(placed.map(p => [p.widget.name, p.columns])).toEqual([
      ['listed', 6],
      ['plugin-card', 12],
      ['plain', 6],
    ]);
  });

  it('ignores config for cards that are not installed and clamps widths to the grid', () => {
    const placed = arrangeWidgets(
      [widget('wide')],
      [
        { component: 'missing', row: 0, column: 0, width: 6, height: 1 },
        { component: 'wide', row: 1, column: 0, width: 40, height: 1 },
      ],
    );
    expect(placed.map(p => [p.widget.name, p.columns])).toEqual([['wide', 12]]);
  });
});
