import crypto from 'node:crypto';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { KubeObject, kubeTimestamp } from '../types';
import { ObjectService } from './ObjectService';

export interface EventDetails {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Shown as the event source, e.g. `offered/compositeresourcedefinition.apiextensions.crossplane.io`. */
  component: string;
}

/**
 * Writes core/v1 Events about an object, the way controllers do through
 * client-go's recorder: a repeated reason and message bumps `count` instead
 * of adding a new Event.
 */
export class EventRecorder {
  constructor(
    private readonly objects: ObjectService,
    private readonly registry: ResourceRegistry,
  ) {}

  record(involved: KubeObject, details: EventDetails): void {
    const eventType = this.registry.findByKind('v1', 'Event');
    if (!eventType) throw new Error('core/v1 Event is not registered');
    const namespace = involved.metadata.namespace ?? 'default';
    const digest = crypto
      .createHash('sha256')
      .update(`${involved.metadata.uid}/${details.reason}/${details.message}`)
      .digest('hex')
      .slice(0, 16);
    const name = `${involved.metadata.name}.${digest}`;
    const now = kubeTimestamp();
    const existing = this.objects.find(eventType, namespace, name);
    if (existing) {
      this.objects.update(
        eventType,
        namespace,
        name,
        {
          ...existing,
          count: Number(existing.count ?? 1) + 1,
          lastTimestamp: now,
        },
        { fieldManager: details.component },
      );
      return;
    }
    this.objects.create(
      eventType,
      namespace,
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: involved.apiVersion,
          kind: involved.kind,
          name: involved.metadata.name,
          namespace: involved.metadata.namespace,
          uid: involved.metadata.uid,
          resourceVersion: involved.metadata.resourceVersion,
        },
        reason: details.reason,
        message: details.message,
        type: details.type,
        source: { component: details.component },
        reportingComponent: details.component,
        reportingInstance: 'callboard-sandbox',
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
      { fieldManager: details.component },
    );
  }
}
