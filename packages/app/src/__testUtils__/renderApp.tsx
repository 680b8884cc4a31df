import { render } from '@testing-library/react';

export const baseConfig = {
  app: { title: 'Callboard' },
  backend: { baseUrl: 'http://localhost:7007' },
  techdocs: { storageUrl: 'http://localhost:7007/api/techdocs/static/docs' },
};

/**
 * Renders the real app with the given config. The app reads its config once per module
 * load, so each configuration needs a test file of its own.
 */
export async function renderApp(data: Record<string, unknown>) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [{ data, context: 'test' }] as unknown as string,
  };
  const { default: app } = await import('../App');
  return render(app.createRoot());
}
