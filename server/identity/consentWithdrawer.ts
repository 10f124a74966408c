import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { conflict } from '../http/errors';
import { recordAudit } from '../privacy/auditLog';
import { consentDocumentKinds, consentDocuments } from './consentDocuments';

/**
 * Withdrawing consent: the withdrawal is recorded first (the legal fact), then the account lets go
 * of the archive, proxy links on both sides end, the account is deactivated and every session is
 * revoked. The archive itself stays with the clinic. Each step is idempotent, so calling again
 * after a crash finishes the job.
 */
export async function consentWithdrawer(deps: AppDeps, input: { accountId: string; requestId: string }) {
  const accountId = new Types.ObjectId(input.accountId);
  const now = deps.clock.now();
  const account = await deps.models.Account.findById(accountId).lean();
  if (!account) throw conflict('consent_not_active');
  const entries = await deps.models.Consent.find({ accountId }).sort({ at: -1, _id: -1 }).lean();
  const accepted = consentDocumentKinds.filter((kind) => entries.find((e) => e.document === kind)?.decision === 'accepted');
  if (accepted.length === 0 && !account.residentId) throw conflict('consent_not_active');

  for (const kind of accepted) {
    await deps.models.Consent.create({ accountId, document: kind, version: consentDocuments[kind].version, decision: 'withdrawn', at: now, requestId: input.requestId });
  }
  const residentId = account.residentId;
  if (residentId) {
    await deps.models.Resident.updateOne({ _id: residentId, accountId }, { $set: { accountId: null, boundAt: null } });
    await recordAudit(deps, {
      actor: { kind: 'account', accountId: input.accountId, sessionId: '', roles: [], residentId: String(residentId), staff: {} },
      basis: 'self',
      subjectResidentId: String(residentId),
      action: 'resident.consent.withdrawn',
      requestId: input.requestId,
    });
  }
  const activeLinks = await deps.models.ProxyLink.find({
    status: 'active',
    $or: [{ proxyAccountId: accountId }, ...(residentId ? [{ residentId }] : [])],
  }).lean();
  for (const link of activeLinks) {
    await deps.models.ProxyLink.updateOne(
      { _id: link._id, status: 'active' },
      { $set: { status: 'revoked', revokedAt: now, revokedByAccountId: accountId, revokedReason: 'consent_withdrawn', pairKey: `${link.pairKey}:revoked:${String(link._id)}` } },
    );
  }
  await deps.models.Account.updateOne({ _id: accountId }, { $set: { status: 'deactivated', deactivatedAt: now, residentId: null, boundAt: null }, $inc: { actorVersion: 1 } });
  await deps.models.Session.updateMany({ accountId, revokedAt: null }, { $set: { revokedAt: now } });
  return { withdrawn: accepted, accountDeactivated: true };
}
