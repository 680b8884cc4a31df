import { screen } from '@testing-library/react';
import { baseConfig, renderApp } from './__testUtils__/renderApp';

// Loading the whole app with every plugin takes several seconds in jsdom under a busy suite.
jest.setTimeout(90_000);

describe('App in development', () => {
  it('offers guest sign-in under the Callboard name', async () => {
    await renderApp(baseConfig);

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 60_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Callboard')).toBeInTheDocument();
  });
});
