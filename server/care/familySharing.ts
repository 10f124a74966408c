import type { Types } from 'mongoose';
import type { FamilySharingDto } from '../../shared/api/care';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { recordAudit } from '../privacy/auditLog';

/**
 * What the resident shares with their authorised relatives beyond `view` (today: the weekly
 * summary). The resident alone decides (`resident.familySharing.manage`); each change is recorded in
 * the resident's own audit trail with the value it set, so "when did I agree?" has an answer.
 */
export function presentFamilySharing(resident: { familySharing?: { weeklySummary?: boolean | null; updatedAt?: Date | null } | null }): FamilySharingDto {
  return { weeklySummary: resident.familySharing?.weeklySummary === true, updatedAt: resident.familySharing?.updatedAt ? resident.familySharing.updatedAt.toISOString() : null };
}

export async function familySharingUpdater(deps: AppDeps, input: { residentId: Types.ObjectId; actor: AccountActor; weeklySummary: boolean; requestId: string }): Promise<FamilySharingDto> {
  const now = deps.clock.now();
  const updated = await deps.models.Resident.findOneAndUpdate(
    { _id: input.residentId },
    { $set: { 'familySharing.weeklySummary': input.weeklySummary, 'familySharing.updatedAt': now } },
    { returnDocument: 'after', lean: true },
  );
  await recordAudit(deps, {
    actor: input.actor,
    basis: 'self',
    subjectResidentId: String(input.residentId),
    action: 'resident.familySharing.update',
    what: { weeklySummary: input.weeklySummary },
    requestId: input.requestId,
  });
  return presentFamilySharing(updated ?? {});
}
