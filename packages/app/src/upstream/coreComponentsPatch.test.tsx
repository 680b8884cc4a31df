/**
 * `.yarn/patches/@backstage-core-components-*.patch`:
 *
 * - WarningPanel loads MarkdownContent only when a panel's title is markdown. Importing it up
 *   front put the whole markdown toolchain (react-markdown, remark, rehype, parse5: about
 *   340 kB) into the app's initial scripts, because error panels are part of every page
 *   (ADR 0061).
 * - The sidebar's items share one style sheet. Each item made its own style hook, so every page
 *   attached 27 copies of the same 23 rules, and more whenever the sidebar rendered (ADR 0067).
 *
 * These tests fail when an upgrade drops the patch, and check that both render as before.
 */
import path from 'node:path';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  Sidebar,
  SidebarItem,
  SidebarPage,
  WarningPanel,
} from '@backstage/core-components';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';

const dist = path.dirname(require.resolve('@backstage/core-components'));

describe('the core-components patch', () => {
  it('imports no markdown with the warning panel', () => {
    const markdownModule = path.join(
      dist,
      'components/MarkdownContent/MarkdownContent.esm.js',
    );
    let markdownImported = false;
    jest.isolateModules(() => {
      jest.doMock(markdownModule, () => {
        markdownImported = true;
        return { MarkdownContent: () => null };
      });
      require(path.join(dist, 'components/WarningPanel/WarningPanel.esm.js'));
    });
    // The stand-in must not answer the other tests' imports.
    jest.dontMock(markdownModule);

    expect(markdownImported).toBe(false);
  });

  it('renders a markdown title as markdown once it has loaded', async () => {
    await renderInTestApp(
      <WarningPanel title="the **orders** check" titleFormat="markdown" />,
    );

    const bold = await screen.findByText('orders', { selector: 'strong' });
    expect(bold.closest('[role="alert"]')).toHaveTextContent(
      'Warning: the orders check',
    );
  });

  it('renders a plain title and message at once', async () => {
    await renderInTestApp(
      <WarningPanel
        severity="error"
        title="Could not load levels"
        message="The scorecards backend answered 503"
        defaultExpanded
      />,
    );

    expect(
      screen.getByText('Error: Could not load levels'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The scorecards backend answered 503'),
    ).toBeInTheDocument();
  });
});

describe("the core-components patch to the sidebar's items", () => {
  const itemSheets = () =>
    document.head.querySelectorAll('style[data-meta="BackstageSidebarItem"]');

  const Icon = () => <svg aria-hidden />;

  /** A sidebar that renders again, with one more item, when "More" is pressed. */
  function Nav() {
    const [items, setItems] = useState(['catalog', 'docs', 'create']);
    return (
      <SidebarPage>
        <Sidebar>
          {items.map(item => (
            <SidebarItem key={item} icon={Icon} to={`/${item}`} text={item} />
          ))}
        </Sidebar>
        <button type="button" onClick={() => setItems([...items, 'apis'])}>
          More
        </button>
      </SidebarPage>
    );
  }

  it('attaches one style sheet for all items, however often the sidebar renders', async () => {
    await renderInTestApp(<Nav />);
    expect(await screen.findByRole('link', { name: 'docs' })).toHaveAttribute(
      'href',
      '/docs',
    );
    expect(itemSheets()).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    expect(
      await screen.findByRole('link', { name: 'apis' }),
    ).toBeInTheDocument();
    expect(itemSheets()).toHaveLength(1);
  });
});
