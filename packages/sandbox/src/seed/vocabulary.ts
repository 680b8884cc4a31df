/**
 * Words commit messages, pull requests and incidents are made of. Domain
 * nouns come from the system a repository belongs to, so payments code
 * talks about captures and refunds and fulfilment code about pick lists.
 */
export const DOMAIN_NOUNS: Record<string, readonly string[]> = {
  storefront: [
    'product page',
    'search results',
    'cart summary',
    'price display',
    'category listing',
    'order history',
    'basket merge',
    'promo banner',
    'session cookie',
    'address book',
    'login form',
    'stock badge',
  ],
  payments: [
    'card authorisation',
    'payment capture',
    'refund request',
    'wallet payment',
    '3-D Secure challenge',
    'webhook signature',
    'settlement report',
    'chargeback',
    'PSP timeout',
    'invoice PDF',
    'fraud score',
    'payment intent',
  ],
  fulfilment: [
    'pick list',
    'carrier label',
    'shipping rate',
    'stock reservation',
    'tracking event',
    'warehouse slot',
    'parcel weight',
    'delivery estimate',
    'returns label',
    'replenishment order',
    'dispatch cut-off',
    'demand forecast',
  ],
  'developer-platform': [
    'health check',
    'graceful shutdown',
    'trace exporter',
    'workflow template',
    'flag evaluation',
    'service template',
    'catalog processor',
    'metrics middleware',
    'log sampling',
    'container scan',
    'database claim',
    'rollout strategy',
  ],
};

export const GENERIC_NOUNS: readonly string[] = [
  'retry budget',
  'request timeout',
  'structured logging',
  'pagination',
  'rate limiting',
  'response cache',
  'idempotency key',
  'circuit breaker',
  'input validation',
  'error mapping',
  'batch size',
  'connection pool',
];

export const FEATURE_TITLES: readonly string[] = [
  'Add {generic} to {domain}',
  'Support {generic} for {domain}',
  'Expose {domain} metrics',
  'Introduce {generic} in {domain} client',
  'Make {domain} {generic} configurable',
  'Emit events for {domain} changes',
];

export const FIX_TITLES: readonly string[] = [
  'Fix {domain} {generic} regression',
  'Handle empty {domain} response',
  'Fix race in {domain} updates',
  'Stop logging {domain} payloads at info level',
  'Fix {generic} for slow {domain} calls',
  'Correct rounding in {domain}',
];

export const REFACTOR_TITLES: readonly string[] = [
  'Extract {domain} handling into its own module',
  'Simplify {generic} code path',
  'Rename {domain} helpers for clarity',
  'Remove dead {domain} code',
];

export const TEST_TITLES: readonly string[] = [
  'Add tests for {domain} edge cases',
  'Cover {generic} failure paths',
  'Speed up {domain} integration tests',
];

export const DOCS_TITLES: readonly string[] = [
  'Document {domain} behaviour',
  'Update README with local setup steps',
  'Add runbook section for {domain} alerts',
];

export const CHORE_TITLES: readonly string[] = [
  'Raise CI timeout for integration tests',
  'Tidy up {generic} configuration',
  'Pin base image digest',
  'Enable stricter linting',
];

export const REVIEW_FOLLOW_UPS: readonly string[] = [
  'Address review comments',
  'Apply review suggestions',
  'Cover the error path as requested',
  'Rename per review',
];

export const SECOND_COMMITS: readonly string[] = [
  'Add tests',
  'Fix lint',
  'Handle the empty case',
  'Add logging',
];

export const APPROVAL_BODIES: readonly string[] = [
  'LGTM',
  'Looks good, thanks!',
  'Nice, ship it 🚢',
  'Approving; one nit inline but not blocking.',
  '',
  'Thanks for picking this up.',
];

export const CHANGE_REQUEST_BODIES: readonly string[] = [
  'Can we add a test for the timeout path before merging?',
  'This changes the public behaviour; please put it behind a flag.',
  'Please handle the error instead of swallowing it.',
  'The naming is confusing next to the existing helpers, can we rename?',
];

export const COMMENT_BODIES: readonly string[] = [
  'Out of curiosity, did you measure the latency impact?',
  'Left a couple of questions inline.',
  'Might be worth a note in the runbook.',
  'Heads-up: this overlaps with the work in the other PR.',
];

export const FAILURE_SYMPTOMS: readonly string[] = [
  'elevated 5xx rate',
  'readiness probes failing',
  'p99 latency above SLO',
  'crash loop after rollout',
  'database connection pool exhausted',
  'error budget burn alert',
];

export const STAGING_FAILURES: readonly string[] = [
  'Smoke tests timed out',
  'Image pull failed',
  'Helm upgrade timed out waiting for rollout',
];

export function fillTemplate(
  template: string,
  words: { domain: string; generic: string },
): string {
  return template
    .replace('{domain}', words.domain)
    .replace('{generic}', words.generic);
}

/** `stock reservation` + `retry budget` → `stockReservationRetryBudget`. */
export function camelCaseOf(...phrases: string[]): string {
  const words = phrases
    .join(' ')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(word => word.toLowerCase());
  return words
    .map((word, index) =>
      index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}

export function snakeCaseOf(...phrases: string[]): string {
  return phrases
    .join(' ')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(word => word.toLowerCase())
    .join('_');
}

export function pascalCaseOf(...phrases: string[]): string {
  const camel = camelCaseOf(...phrases);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}
