/**
 * `.yarn/patches/@material-ui-styles-*.patch` makes `makeStyles` attach a component
 * instance's dynamic style sheet only once it has a declaration. Stock attaches one `<style>`
 * element per instance of every component with dynamic styles, most visibly `Box`: a full load
 * of the catalog inserted about 140 of them with a single empty rule each (ADR 0061). These tests
 * fail when an upgrade drops the patch, and check that styles still apply, including when a
 * later render gives an instance its first declaration.
 */
import { Box } from '@material-ui/core';
import { render } from '@testing-library/react';

const styleElements = () => document.head.querySelectorAll('style').length;

/** The declarations of the rules that select one of the element's classes. */
function declarationsFor(element: Element): string[] {
  const classes = [...element.classList].map(name => `.${name}`);
  return [...document.styleSheets]
    .flatMap(sheet => [...sheet.cssRules])
    .filter(
      (rule): rule is CSSStyleRule =>
        rule instanceof CSSStyleRule && classes.includes(rule.selectorText),
    )
    .map(rule => rule.style.cssText)
    .filter(Boolean);
}

describe('the @material-ui/styles patch', () => {
  it('adds no style element for boxes that have no style of their own', () => {
    const one = render(<Box>only</Box>);
    const withOne = styleElements();
    one.unmount();

    render(
      <>
        {Array.from({ length: 20 }, (_, i) => (
          <Box key={i}>box {i}</Box>
        ))}
      </>,
    );

    expect(styleElements()).toBe(withOne);
  });

  it('still styles a box given system props', () => {
    const { getByText } = render(<Box p={2}>padded</Box>);

    expect(declarationsFor(getByText('padded')).join(' ')).toContain(
      'padding: 16px',
    );
  });

  it('styles a box whose first system prop comes with a later render', () => {
    const { getByText, rerender } = render(<Box>later</Box>);
    expect(declarationsFor(getByText('later'))).toEqual([]);

    rerender(<Box mt={1}>later</Box>);

    expect(declarationsFor(getByText('later')).join(' ')).toContain(
      'margin-top: 8px',
    );
  });
});
