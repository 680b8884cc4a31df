import { screen } from '@testing-library/react';
import { baseConfig, renderApp } from './__testUtils__/renderApp';

describe('App in development', () => {
  it('offers guest sign-in under the Callboard name', async () => {
    await renderApp(baseConfig);

    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Callboard')).toBeInTheDocument();
  });
});
