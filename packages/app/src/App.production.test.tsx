import { screen } from '@testing-library/react';
import { baseConfig, renderApp } from './__testUtils__/renderApp';

// Loading the whole app with every plugin takes several seconds in jsdom under a busy suite.
jest.setTimeout(90_000);

describe('App with production sign-in config', () => {
  it('offers GitHub sign-in and no guest entry', async () => {
    await renderApp({
      ...baseConfig,
      callboard: { signIn: { providers: ['github'] } },
    });

    expect(
      await screen.findByText('GitHub', {}, { timeout: 60_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign In' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Enter' }),
    ).not.toBeInTheDocument();
  });
});
