export type {
  SandboxWebhooks,
  WebhookDelivery,
  WebhookDeliveryOptions,
  WebhookTarget,
} from './types';
export { DELIVERED_EVENTS } from './eventNames';
