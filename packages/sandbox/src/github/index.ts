export {
  startGitHubServer,
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_SANDBOX_USER,
} from './server';
export type {
  GitHubSandbox,
  RequestCountView,
  SandboxContext,
  SandboxExtension,
  SandboxOrganizationSeed,
  SandboxUserSeed,
  StartGitHubServerOptions,
} from './server';
export { FaultController } from './faults/FaultController';
export type {
  InjectedFailure,
  InjectedLatency,
  SecondaryRateLimit,
} from './faults/FaultController';
export type { RateLimitSettings, RateLimitWindow } from './faults/RateLimiter';
export type { RequestMatcher } from './faults/RequestMatcher';
export { restRoutes } from './rest/routeTable';
export type { RouteDefinition, HttpMethod } from './rest/RouteDefinition';
export { SandboxUrls } from './rest/urls';
export type { MapperContext } from './rest/mappers/MapperContext';
export * as restMappers from './rest/mappers';
export * from './store';
export {
  CALLBOARD_GRAPHQL_OPERATION_COUNT,
  CALLBOARD_GRAPHQL_OPERATION_NAMES,
  callboardGraphqlOperation,
  gitHubSchema,
  validateGitHubOperation,
} from './graphql';
export type {
  CallboardGraphqlOperationName,
  GitHubErrorEntry,
} from './graphql';
export { DELIVERED_EVENTS } from './webhooks';
export type {
  SandboxWebhooks,
  WebhookDelivery,
  WebhookDeliveryOptions,
  WebhookTarget,
} from './webhooks';
