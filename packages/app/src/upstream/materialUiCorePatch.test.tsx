/**
 * `.yarn/patches/@material-ui-core-*.patch`: a controlled select (one given `open`) reads its own
 * width, to size its menu, only while the menu is open. Stock read `clientWidth` on every render
 * of a controlled select, which makes the browser lay the page out there and then, mid-render.
 * The catalog's kind and type pickers are controlled selects and render several times while the
 * page loads, so each load paid a layout per render (ADR 0061). This test fails when an upgrade
 * drops the patch, and checks that the open menu is still as wide as the select.
 */
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';

/** A select controlled as core-components' `Select` controls it: open state and value kept outside. */
function KindSelect() {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('component');
  return (
    <Select
      value={kind}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      onChange={event => setKind(event.target.value as string)}
    >
      <MenuItem value="component">Component</MenuItem>
      <MenuItem value="api">API</MenuItem>
    </Select>
  );
}

describe('the Material UI core patch to the select', () => {
  it('reads no width while its menu is closed, and sizes the open menu to the select', () => {
    const clientWidth = jest
      .spyOn(HTMLElement.prototype, 'clientWidth', 'get')
      .mockReturnValue(240);
    try {
      render(<KindSelect />);
      expect(screen.getByRole('button')).toHaveTextContent('Component');
      expect(clientWidth).not.toHaveBeenCalled();

      fireEvent.mouseDown(screen.getByRole('button'));
      const menu = screen.getByRole('listbox');
      expect(menu.closest('.MuiPaper-root')).toHaveStyle({ minWidth: '240px' });

      fireEvent.click(screen.getByRole('option', { name: 'API' }));
      expect(screen.getByRole('button')).toHaveTextContent('API');
    } finally {
      clientWidth.mockRestore();
    }
  });
});
