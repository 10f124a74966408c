import QRCode from 'qrcode';
import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { AppError, badRequest, conflict, forbidden } from '../http/errors';
import type { ProxyScope } from '../models/invitation';
import { recordAudit } from '../privacy/auditLog';
import { lookupHash } from '../privacy/fieldCrypto';
import { formatHumanCode, isDuplicateKeyError, newHumanCode, normalizeHumanCode } from './codes';
import { hasCurrentConsent } from './consentRecorder';
import { proxyLinkCreator } from './proxyLinks';

/** The mini-program page a scanned invitation QR opens. */
export const invitationAcceptPage = 'pages/proxy/accept/index';

/** Creates a one-time invitation (code + QR) for a family member; the plaintext code is shown once. */
export async function invitationIssuer(
  deps: AppDeps,
  input: { residentId: string; actor: AccountActor; scopes: ProxyScope[]; relationship?: string | undefined },
) {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.identity.invitationTtlMs);
  const scopes = [...new Set(input.scopes)];
  for (let attempt = 0; ; attempt += 1) {
    const code = newHumanCode();
    try {
      const invitation = await deps.models.Invitation.create({
        codeHash: lookupHash(deps.config.crypto, 'invitationCode', code),
        residentId: new Types.ObjectId(input.residentId),
        createdByAccountId: new Types.ObjectId(input.actor.accountId),
        scopes,
        relationship: input.relationship ?? null,
        status: 'pending',
        createdAt: now,
        expiresAt,
      });
      const qrPayload = `${invitationAcceptPage}?code=${code}`;
      const qrDataUrl = await QRCode.toDataURL(qrPayload, { errorCorrectionLevel: 'M', margin: 1, width: 256 });
      return { invitationId: String(invitation._id), code: formatHumanCode(code), qrPayload, qrDataUrl, scopes, relationship: input.relationship ?? null, expiresAt };
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
    }
  }
}

/**
 * The relative accepts in their own account, saying how they are related when the invitation did not. The invitation is taken with one conditional update
 * (`pending` and unexpired → `accepted`); if the link then cannot be created (already a proxy), the
 * invitation goes back to `pending`, so nothing is half-written.
 */
export async function invitationAcceptor(deps: AppDeps, input: { actor: AccountActor; code: string; relationship?: string | undefined; requestId: string }) {
  const code = normalizeHumanCode(input.code);
  if (!code) throw badRequest('invitation_code_invalid');
  if (!(await hasCurrentConsent(deps, input.actor.accountId, ['privacyGuide']))) throw forbidden('consent_required');
  const now = deps.clock.now();
  const invitation = await deps.models.Invitation.findOne({ codeHash: lookupHash(deps.config.crypto, 'invitationCode', code) }).lean();
  if (!invitation) throw badRequest('invitation_code_invalid');
  if (invitation.status !== 'pending') throw conflict('invitation_already_used');
  if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('invitation_expired', 410);
  const residentId = String(invitation.residentId);
  if (input.actor.residentId === residentId || String(invitation.createdByAccountId) === input.actor.accountId) throw badRequest('invitation_for_yourself');
  const existing = await deps.models.ProxyLink.findOne({ pairKey: `${residentId}:${input.actor.accountId}` }).lean();
  if (existing) throw conflict('proxy_link_already_active');

  const accountId = new Types.ObjectId(input.actor.accountId);
  const taken = await deps.models.Invitation.findOneAndUpdate(
    { _id: invitation._id, status: 'pending', expiresAt: { $gt: now } },
    { $set: { status: 'accepted', acceptedAt: now, acceptedByAccountId: accountId } },
    { returnDocument: 'after', lean: true },
  );
  if (!taken) throw conflict('invitation_already_used');
  let link;
  try {
    link = await proxyLinkCreator(deps, {
      residentId,
      proxyAccountId: input.actor.accountId,
      scopes: invitation.scopes as ProxyScope[],
      // The resident's word first; the relative's own when the invitation did not say (女儿, 儿子 …).
      relationship: invitation.relationship ?? input.relationship ?? null,
      createdBy: { kind: 'invitation', invitationId: invitation._id },
    });
  } catch (err) {
    await deps.models.Invitation.updateOne(
      { _id: invitation._id, status: 'accepted', acceptedByAccountId: accountId },
      { $set: { status: 'pending', acceptedAt: null, acceptedByAccountId: null } },
    );
    throw err;
  }
  await deps.models.Invitation.updateOne({ _id: invitation._id }, { $set: { proxyLinkId: link._id } });
  await recordAudit(deps, {
    actor: input.actor,
    basis: 'proxy',
    proxyLinkId: String(link._id),
    subjectResidentId: residentId,
    action: 'proxy.link.accepted',
    what: { scopes: invitation.scopes, invitationId: String(invitation._id) },
    requestId: input.requestId,
  });
  return link;
}
