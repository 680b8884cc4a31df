import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// Issue 7 keeps the Kubernetes tab for every signed-in user while the raw proxy and Secrets are
// locked down: the guest still sees the service's pods in both sandbox clusters.
test('an engineer sees their service’s pods in both clusters on its Kubernetes tab', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/orders-service/kubernetes');
  const pods = page.getByRole('row').filter({ hasText: /orders-service-/ });
  await expect(pods.filter({ hasText: 'Staging' }).first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(pods.filter({ hasText: 'Production' }).first()).toBeVisible();
});
