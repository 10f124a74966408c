import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { conflict } from '../http/errors';
import { consentDocumentKinds, consentDocuments, type ConsentDocumentKind } from './consentDocuments';
import { consentWithdrawer } from './consentWithdrawer';

export type ConsentStatus = 'accepted' | 'declined' | 'withdrawn' | 'outdated' | 'none';

export interface ConsentState {
  status: ConsentStatus;
  version: string | null;
  at: Date | null;
}

/** The latest decision per document; an acceptance of an older version reads `outdated`. */
export async function consentStateOf(deps: AppDeps, accountId: string): Promise<Record<ConsentDocumentKind, ConsentState>> {
  const entries = await deps.models.Consent.find({ accountId: new Types.ObjectId(accountId) }).sort({ at: -1, _id: -1 }).lean();
  const state = {} as Record<ConsentDocumentKind, ConsentState>;
  for (const kind of consentDocumentKinds) {
    const latest = entries.find((e) => e.document === kind);
    if (!latest) state[kind] = { status: 'none', version: null, at: null };
    else {
      const outdated = latest.decision === 'accepted' && latest.version !== consentDocuments[kind].version;
      state[kind] = { status: outdated ? 'outdated' : (latest.decision as ConsentStatus), version: latest.version, at: latest.at };
    }
  }
  return state;
}

export async function hasCurrentConsent(deps: AppDeps, accountId: string, kinds: readonly ConsentDocumentKind[]): Promise<boolean> {
  const state = await consentStateOf(deps, accountId);
  return kinds.every((kind) => state[kind].status === 'accepted');
}

/**
 * Records one decision on one document. Only the version currently shown may be decided on.
 * Declining a document that is currently accepted is a withdrawal (account deactivated).
 */
export async function consentRecorder(
  deps: AppDeps,
  input: { accountId: string; document: ConsentDocumentKind; version: string; decision: 'accepted' | 'declined'; requestId: string },
) {
  if (input.version !== consentDocuments[input.document].version) throw conflict('consent_version_outdated', { currentVersion: consentDocuments[input.document].version });
  const state = await consentStateOf(deps, input.accountId);
  if (input.decision === 'declined' && state[input.document].status === 'accepted') {
    await consentWithdrawer(deps, { accountId: input.accountId, requestId: input.requestId });
    return { document: input.document, version: input.version, decision: 'withdrawn' as const, accountDeactivated: true };
  }
  await deps.models.Consent.create({
    accountId: new Types.ObjectId(input.accountId),
    document: input.document,
    version: input.version,
    decision: input.decision,
    at: deps.clock.now(),
    requestId: input.requestId,
  });
  return { document: input.document, version: input.version, decision: input.decision, accountDeactivated: false };
}

/** An account's consent decisions (accepted, declined, withdrawn), newest first (the last 200). */
export async function consentHistoryOf(deps: AppDeps, accountId: string) {
  const entries = await deps.models.Consent.find({ accountId: new Types.ObjectId(accountId) }).sort({ at: -1, _id: -1 }).limit(200).lean();
  return entries.map((e) => ({ document: e.document, version: e.version, decision: e.decision, at: e.at }));
}
