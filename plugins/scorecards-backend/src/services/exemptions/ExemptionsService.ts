import { randomUUID } from 'node:crypto';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Exemption,
  scorecardsExemptionRequestPermission,
  scorecardsExemptionReviewPermission,
} from '@callboard/plugin-scorecards-common';
import type { Request } from 'express';
import { ScorecardsStore } from '../../database/ScorecardsStore';
import { ScorecardsEngine } from '../evaluation/ScorecardsEngine';
import { toExemption } from '../rollups/ScorecardsReader';

const DAY = 86_400_000;

/**
 * Owners ask, platform admins decide, every step is audited. An approved
 * exemption takes effect at once: the entity is evaluated again.
 */
export class ExemptionsService {
  constructor(
    private readonly options: {
      store: ScorecardsStore;
      engine: ScorecardsEngine;
      catalog: CatalogService;
      permissions: PermissionsService;
      auditor: AuditorService;
      maxDurationMs: number;
      now?: () => Date;
    },
  ) {}

  #now() {
    return this.options.now?.() ?? new Date();
  }

  async request(
    input: {
      entityRef: string;
      checkId: string;
      reason: string;
      expiresAt: string;
    },
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: Request,
  ): Promise<Exemption> {
    const audit = await this.options.auditor.createEvent({
      eventId: 'exemption-request',
      severityLevel: 'medium',
      request,
      meta: { entityRef: input.entityRef, checkId: input.checkId },
    });
    try {
      const exemption = await this.#request(input, credentials);
      await audit.success({
        meta: { exemptionId: exemption.id, expiresAt: exemption.expiresAt },
      });
      return exemption;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  async #request(
    input: {
      entityRef: string;
      checkId: string;
      reason: string;
      expiresAt: string;
    },
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Exemption> {
    const now = this.#now();
    const expiresAt = new Date(input.expiresAt);
    if (expiresAt <= now) {
      throw new InputError(
        `The expiry ${
          input.expiresAt
        } is in the past; choose a date in the next ${Math.round(
          this.options.maxDurationMs / DAY,
        )} days`,
      );
    }
    if (expiresAt.getTime() - now.getTime() > this.options.maxDurationMs) {
      throw new InputError(
        `The expiry ${input.expiresAt} is more than ${Math.round(
          this.options.maxDurationMs / DAY,
        )} days away; exemptions are reviewed again at least that often`,
      );
    }
    if (!this.options.engine.definitions.checks.has(input.checkId)) {
      throw new NotFoundError(`No check found with id '${input.checkId}'`);
    }
    const entity = await this.options.catalog.getEntityByRef(input.entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity '${input.entityRef}' found, or you may not read it`,
      );
    }
    const [decision] = await this.options.permissions.authorize(
      [
        {
          permission: scorecardsExemptionRequestPermission,
          resourceRef: input.entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only the owners of '${input.entityRef}' may request exemptions for it`,
      );
    }
    const pending = await this.options.store.listExemptions({
      entityRefs: [input.entityRef],
      status: 'pending',
    });
    if (pending.some(e => e.checkId === input.checkId)) {
      throw new ConflictError(
        `An exemption from '${input.checkId}' for '${input.entityRef}' is already waiting for review`,
      );
    }
    const exemption = {
      id: randomUUID(),
      entityRef: input.entityRef,
      checkId: input.checkId,
      reason: input.reason,
      status: 'pending' as const,
      requestedBy: credentials.principal.userEntityRef,
      requestedAt: now,
      expiresAt,
    };
    await this.options.store.createExemption(exemption);
    return toExemption(exemption);
  }

  async review(
    id: string,
    review: { decision: 'approve' | 'reject'; comment?: string },
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: Request,
  ): Promise<Exemption> {
    const audit = await this.options.auditor.createEvent({
      eventId: 'exemption-review',
      severityLevel: 'medium',
      request,
      meta: { exemptionId: id, decision: review.decision },
    });
    try {
      const [decision] = await this.options.permissions.authorize(
        [{ permission: scorecardsExemptionReviewPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Only platform admins may approve or reject exemptions',
        );
      }
      const [existing] = await this.options.store.listExemptions({ id });
      if (!existing)
        throw new NotFoundError(`No exemption found with id '${id}'`);
      const done = await this.options.store.reviewExemption(id, {
        status: review.decision === 'approve' ? 'approved' : 'rejected',
        by: credentials.principal.userEntityRef,
        at: this.#now(),
        comment: review.comment,
      });
      if (!done) {
        throw new ConflictError(
          `Exemption '${id}' was already ${existing.status}`,
        );
      }
      await this.options.engine.evaluate({ entityRefs: [existing.entityRef] });
      const [updated] = await this.options.store.listExemptions({ id });
      await audit.success({
        meta: { entityRef: existing.entityRef, checkId: existing.checkId },
      });
      return toExemption(updated);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  async list(
    filter: { status?: 'pending' | 'approved' | 'rejected' },
    credentials: BackstageCredentials,
  ): Promise<Exemption[]> {
    const all = await this.options.store.listExemptions(filter);
    if (all.length === 0) return [];
    const refs = [...new Set(all.map(e => e.entityRef))];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const visible = new Set(refs.filter((_, index) => items[index]));
    return all.filter(e => visible.has(e.entityRef)).map(toExemption);
  }
}
