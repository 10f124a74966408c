import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AuditEntryDoc } from '../models/auditEntry';
import { presentAuditEntry } from './auditPresenter';

/** Audit entries, newest first: all, or those about one resident, optionally by one kind of actor. */
export async function auditEntriesReader(deps: AppDeps, filter: { residentId?: string | undefined; actorKind?: AuditEntryDoc['actor']['kind'] | undefined; limit: number }) {
  const entries = await deps.models.AuditEntry.find({
    ...(filter.residentId ? { subjectResidentId: new Types.ObjectId(filter.residentId) } : {}),
    ...(filter.actorKind ? { 'actor.kind': filter.actorKind } : {}),
  })
    .sort({ at: -1, _id: -1 })
    .limit(filter.limit)
    .lean();
  return entries.map(presentAuditEntry);
}
