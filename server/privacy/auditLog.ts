import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/actor';
import type { AccessBasis } from '../authz/can';

/**
 * The one helper that writes audit entries. Entries are inserted and never changed; `what` must
 * hold words and ids only — never an ID number, phone number or token.
 */
export type AuditActorKind = 'resident' | 'proxy' | 'cashier' | 'doctor' | 'specialist' | 'admin' | 'integration' | 'system';

export interface AuditInput {
  actor: Actor;
  basis: AccessBasis;
  proxyLinkId?: string | undefined;
  subjectResidentId: string | null;
  action: string;
  what?: Record<string, unknown>;
  requestId: string;
}

export async function recordAudit(deps: AppDeps, input: AuditInput): Promise<void> {
  const { actor } = input;
  const kind: AuditActorKind = input.basis === 'self' ? 'resident' : input.basis;
  await deps.models.AuditEntry.create({
    at: deps.clock.now(),
    requestId: input.requestId,
    actor:
      actor.kind === 'integration'
        ? { kind, clientId: actor.clientId, institutionId: actor.institutionId }
        : {
            kind,
            accountId: new Types.ObjectId(actor.accountId),
            proxyLinkId: input.proxyLinkId ? new Types.ObjectId(input.proxyLinkId) : null,
            institutionId: kind === 'doctor' || kind === 'specialist' ? (actor.staff.institutionId ?? null) : null,
            pharmacyId: kind === 'cashier' ? (actor.staff.pharmacyId ?? null) : null,
          },
    subjectResidentId: input.subjectResidentId ? new Types.ObjectId(input.subjectResidentId) : null,
    action: input.action,
    what: input.what ?? {},
  });
}
