/**
 * Partner pharmacies and their cashiers: an admin registers a pharmacy and issues one-time cashier
 * invitations; the cashier accepts in their own account and gets role `cashier` with the pharmacy
 * on the account (`staff.pharmacyId`), which is what server/authz decides on from then on.
 */
import { refreshAccountSessions } from '../auth/sessions';
import { createHmac, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import { formatHumanCode, isDuplicateKeyError, newHumanCode, normalizeHumanCode } from '../identity/codes';

export const cashierInvitationTtlMs = 7 * 24 * 3_600_000;
/** The mini-program page a scanned cashier invitation QR opens. */
export const cashierInvitationPage = 'pages/pharmacy/accept/index';

export interface PharmacyInput {
  name: string;
  licenceNumber: string;
  address: string;
  settlement: { accountName: string; bankName: string; accountNumber: string };
}

export async function pharmacyRegistrar(deps: AppDeps, input: PharmacyInput & { actor: AccountActor; pharmacyId?: string }) {
  const pharmacyId = input.pharmacyId ?? `ph-${randomBytes(6).toString('hex')}`;
  try {
    const doc = await deps.models.Pharmacy.create({
      _id: pharmacyId,
      name: input.name,
      licenceNumber: input.licenceNumber,
      address: input.address,
      settlement: input.settlement,
      status: 'active',
      createdAt: deps.clock.now(),
      createdByAccountId: input.actor.accountId,
    });
    return doc.toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('pharmacy_licence_number_taken');
    throw err;
  }
}

/** Keyed hash of an invitation code (its own label, so it never collides with other code kinds). */
export function cashierInvitationHash(deps: AppDeps, code: string): string {
  return createHmac('sha256', deps.config.crypto.lookupHmacKey).update(`cashierInvitationCode\u0000${code}`).digest('base64url');
}

export async function cashierInvitationIssuer(deps: AppDeps, input: { pharmacyId: string; actor: AccountActor }) {
  const pharmacy = await deps.models.Pharmacy.findById(input.pharmacyId).lean();
  if (!pharmacy) throw notFound('pharmacy_not_found');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + cashierInvitationTtlMs);
  for (let attempt = 0; ; attempt += 1) {
    const code = newHumanCode();
    try {
      const invitation = await deps.models.CashierInvitation.create({
        codeHash: cashierInvitationHash(deps, code),
        pharmacyId: input.pharmacyId,
        createdByAccountId: input.actor.accountId,
        status: 'pending',
        createdAt: now,
        expiresAt,
      });
      return {
        invitationId: String(invitation._id),
        pharmacyId: input.pharmacyId,
        pharmacyName: pharmacy.name,
        code: formatHumanCode(code),
        qrPayload: `${cashierInvitationPage}?code=${code}`,
        expiresAt,
      };
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
    }
  }
}

/**
 * Accepting takes the invitation with one conditional update (pending and unexpired → accepted),
 * then gives the account the cashier role for that pharmacy. A crash between the two leaves an
 * accepted invitation the same account can accept again (it is then re-applied, idempotently).
 */
export async function cashierInvitationAcceptor(deps: AppDeps, input: { actor: AccountActor; code: string }) {
  const code = normalizeHumanCode(input.code);
  if (!code) throw badRequest('cashier_invitation_invalid');
  const now = deps.clock.now();
  const codeHash = cashierInvitationHash(deps, code);
  const invitation = await deps.models.CashierInvitation.findOne({ codeHash }).lean();
  if (!invitation) throw badRequest('cashier_invitation_invalid');
  const sameAccount = invitation.status === 'accepted' && invitation.acceptedByAccountId === input.actor.accountId;
  if (invitation.status !== 'pending' && !sameAccount) throw conflict('cashier_invitation_used');
  if (!sameAccount) {
    if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('cashier_invitation_expired', 410);
    const { modifiedCount } = await deps.models.CashierInvitation.updateOne(
      { _id: invitation._id, status: 'pending', expiresAt: { $gt: now } },
      { $set: { status: 'accepted', acceptedAt: now, acceptedByAccountId: input.actor.accountId } },
    );
    if (modifiedCount !== 1) throw conflict('cashier_invitation_used');
  }
  const account = await deps.models.Account.findById(new Types.ObjectId(input.actor.accountId)).lean();
  if (!account) throw notFound('account_not_found');
  const staff = { ...(account.staff ?? {}), pharmacyId: invitation.pharmacyId };
  const roles = [...new Set([...(account.roles ?? []), 'cashier'])];
  await deps.models.Account.updateOne({ _id: account._id }, { $set: { roles, staff }, $inc: { actorVersion: 1 } });
  await refreshAccountSessions(deps, account._id);
  const pharmacy = await deps.models.Pharmacy.findById(invitation.pharmacyId).lean();
  return { accountId: input.actor.accountId, roles, pharmacyId: invitation.pharmacyId, pharmacyName: pharmacy?.name ?? '' };
}

export function presentPharmacy(p: { _id: unknown; name: string; licenceNumber: string; address: string; status?: string | null; settlement?: unknown }, withSettlement: boolean) {
  return {
    pharmacyId: String(p._id),
    name: p.name,
    licenceNumber: p.licenceNumber,
    address: p.address,
    status: p.status ?? 'active',
    ...(withSettlement ? { settlement: p.settlement as PharmacyInput['settlement'] } : {}),
  };
}
