/**
 * How far each demo service has come in meeting the platform's standards.
 * Without this every seeded service met exactly the same checks, so every
 * team's scorecards showed the same level and golden-path adoption read 0%.
 * Real organisations are uneven: a few services are exemplary, most are
 * halfway, some are untouched. Services not listed meet none of these.
 */
export interface DemoStandards {
  /** Branch protection on the default branch, with this many required approving reviews (0: protected, no review). */
  requiredReviews?: number;
  /** The ref at which CI calls the platform's reusable workflows; `main` when not pinned. */
  platformWorkflowRef?: string;
  /** The golden-path template version recorded in `.callboard/template.json`. */
  goldenPathVersion?: string;
  /** Every container runs as non-root (pod `securityContext.runAsNonRoot`). */
  nonRoot?: boolean;
  /** A PodDisruptionBudget selects the pods. */
  disruptionBudget?: boolean;
}

/** The golden-path template the lock files name (templates/service-nodejs). */
export const GOLDEN_PATH_TEMPLATE = 'service-nodejs';

export const DEMO_STANDARDS: Readonly<Record<string, DemoStandards>> = {
  // Checkout runs money: its payment services are the organisation's best kept,
  // though payments-service does not require reviews until its migration lands.
  'payments-service': {
    requiredReviews: 0,
    platformWorkflowRef: 'v3.2.0',
    nonRoot: true,
    disruptionBudget: true,
  },
  'payment-webhooks-handler': {
    requiredReviews: 2,
    platformWorkflowRef: 'v3.2.0',
    nonRoot: true,
  },
  'orders-service': {
    requiredReviews: 1,
    nonRoot: true,
    disruptionBudget: true,
  },
  'cart-service': { requiredReviews: 0, nonRoot: true },
  // The platform team eats its own cooking: rendered from the golden path, current version.
  'feature-flags-service': {
    requiredReviews: 1,
    platformWorkflowRef: 'v3.2.0',
    goldenPathVersion: '1.0.0',
    nonRoot: true,
    disruptionBudget: true,
  },
  // Identity adopted the golden path early and has drifted a version behind.
  'customer-service': {
    requiredReviews: 1,
    platformWorkflowRef: 'v3.2.0',
    goldenPathVersion: '0.9.0',
    nonRoot: true,
  },
  'auth-gateway': { requiredReviews: 2, nonRoot: true, disruptionBudget: true },
  'inventory-service': { nonRoot: true },
  'search-service': { requiredReviews: 1 },
};

/** Namespaces (one per system) that carry the `cost-center` label finance asked for. */
export const NAMESPACE_COST_CENTERS: Readonly<Record<string, string>> = {
  payments: 'cc-2100',
  'developer-platform': 'cc-9000',
};

export function demoStandardsOf(componentName: string): DemoStandards {
  return DEMO_STANDARDS[componentName] ?? {};
}
