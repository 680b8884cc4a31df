/**
 * `.yarn/patches/@backstage-core-components-*.patch` makes WarningPanel load MarkdownContent
 * only when a panel's title is markdown. Importing it up front put the whole markdown toolchain
 * (react-markdown, remark, rehype, parse5: about 340 kB) into the app's initial scripts, because
 * error panels are part of every page (ADR 0061). These tests fail when an upgrade drops the
 * patch, and check that panels render as before.
 */
import path from 'node:path';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { WarningPanel } from '@backstage/core-components';
import { screen } from '@testing-library/react';

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
