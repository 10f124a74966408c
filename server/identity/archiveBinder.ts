import { refreshAccountSessions } from '../auth/sessions';
import { Types } from 'mongoose';
import { validateIdNumber, validatePersonName, validatePhone } from '../../shared/identity';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { AppError, badRequest, conflict, forbidden, tooManyRequests } from '../http/errors';
import { slidingWindowLimiter } from '../http/rateLimit';
import { recordAudit } from '../privacy/auditLog';
import { lookupHash } from '../privacy/fieldCrypto';
import { WechatApiError } from '../wechat/wechatApiError';
import { normalizeHumanCode } from './codes';
import { hasCurrentConsent } from './consentRecorder';
import { idNumberHashOf, phoneHashOf, presentResidentProfile, sameName } from './residentArchive';

/**
 * Binds a WeChat account to its health archive, by name + ID number + phone or by a one-time code
 * printed by the clinic.
 *
 * - Malformed input gets its own code and does not count as an attempt (it reveals nothing).
 * - Every real attempt counts against a per-account sliding window kept in MongoDB (shared by all
 *   instances); past `BINDING_ATTEMPTS_MAX` within `BINDING_LOCK_MINUTES` binding answers
 *   `binding_locked` with `Retry-After` (a refused attempt does not count, so trying again then works).
 * - Wrong details, an unknown ID number and an inactive archive all answer the same
 *   `binding_details_not_matched`, so the answer never tells whether an archive exists.
 * - The archive is claimed with one conditional update (`accountId: null` → this account), then
 *   the account points at it; if the second step fails the first is undone.
 */
export type BindRequest =
  | { method: 'details'; name: string; idNumber: string; phone?: string | undefined; phoneCode?: string | undefined }
  | { method: 'bindingCode'; code: string };

export async function archiveBinder(deps: AppDeps, actor: AccountActor, request: BindRequest, requestId: string) {
  const checked = checkInput(deps, request);
  const account = await deps.models.Account.findById(actor.accountId).lean();
  if (!account || account.status !== 'active') throw forbidden('access_denied');
  if (account.residentId) throw conflict('account_already_bound');
  if (!(await hasCurrentConsent(deps, actor.accountId, ['privacyGuide', 'healthData']))) throw forbidden('consent_required');

  const { bindingAttemptsMax, bindingLockMs } = deps.config.identity;
  const attempts = slidingWindowLimiter(deps, { name: 'binding', limit: bindingAttemptsMax, windowMs: bindingLockMs });
  const attempt = await attempts.hit(`account:${actor.accountId}`);
  if (!attempt.allowed) throw tooManyRequests(attempt.retryAfterSeconds, 'binding_locked');

  const residentId = checked.method === 'details' ? await matchDetails(deps, checked) : undefined;
  const resident =
    checked.method === 'details'
      ? await claimArchive(deps, residentId!, actor.accountId)
      : await bindWithCode(deps, checked.codeHash, actor.accountId);

  await recordAudit(deps, {
    actor: { ...actor, residentId: String(resident._id) },
    basis: 'self',
    subjectResidentId: String(resident._id),
    action: 'resident.archive.bound',
    what: { method: request.method },
    requestId,
  });
  return presentResidentProfile(deps, resident, 'self');
}

type CheckedRequest =
  | { method: 'details'; name: string; idNumberHash: string; phone?: string; phoneCode?: string }
  | { method: 'bindingCode'; codeHash: string };

function checkInput(deps: AppDeps, request: BindRequest): CheckedRequest {
  if (request.method === 'bindingCode') {
    const code = normalizeHumanCode(request.code);
    if (!code) throw badRequest('binding_code_invalid');
    return { method: 'bindingCode', codeHash: lookupHash(deps.config.crypto, 'bindingCode', code) };
  }
  const name = validatePersonName(request.name);
  if (!name.ok) throw badRequest(name.reason);
  const id = validateIdNumber(request.idNumber, deps.clock.now());
  if (!id.ok) throw badRequest(id.reason);
  if (request.phone !== undefined) {
    const phone = validatePhone(request.phone);
    if (!phone.ok) throw badRequest(phone.reason);
    return { method: 'details', name: name.value, idNumberHash: idNumberHashOf(deps, id.value), phone: phone.value };
  }
  return { method: 'details', name: name.value, idNumberHash: idNumberHashOf(deps, id.value), phoneCode: request.phoneCode ?? '' };
}

async function matchDetails(deps: AppDeps, request: Extract<CheckedRequest, { method: 'details' }>): Promise<Types.ObjectId> {
  const phone = request.phone ?? (await phoneFromWechat(deps, request.phoneCode ?? ''));
  const resident = await deps.models.Resident.findOne({ idNumberHash: request.idNumberHash }).lean();
  const matched =
    resident !== null &&
    resident.status === 'active' &&
    sameName(resident.name, request.name) &&
    phone !== undefined &&
    resident.phoneHash === phoneHashOf(deps, phone);
  if (!matched) throw new AppError('binding_details_not_matched', 422);
  return resident._id;
}

/** The number WeChat vouches for; a non-mainland number cannot match an archive (undefined). */
async function phoneFromWechat(deps: AppDeps, code: string): Promise<string | undefined> {
  try {
    const info = await deps.wechat.miniProgram.getPhoneNumber(code);
    if (info.countryCode !== '86') return undefined;
    const phone = validatePhone(info.purePhoneNumber);
    return phone.ok ? phone.value : undefined;
  } catch (err) {
    if (err instanceof WechatApiError && (err.errcode === 40029 || err.errcode === 40163 || err.errcode === 47003)) throw badRequest('phone_code_invalid');
    throw err;
  }
}

async function bindWithCode(deps: AppDeps, codeHash: string, accountId: string) {
  const now = deps.clock.now();
  const existing = await deps.models.BindingCode.findOne({ codeHash }).lean();
  if (!existing) throw badRequest('binding_code_invalid');
  if (existing.usedAt) throw conflict('binding_code_used');
  if (existing.expiresAt.getTime() <= now.getTime()) throw new AppError('binding_code_expired', 410);
  const archive = await deps.models.Resident.findById(existing.residentId).lean();
  if (!archive || archive.status !== 'active') throw badRequest('binding_code_invalid');
  if (archive.accountId && String(archive.accountId) !== accountId) throw conflict('archive_already_bound');

  const used = await deps.models.BindingCode.findOneAndUpdate(
    { _id: existing._id, usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now, usedByAccountId: new Types.ObjectId(accountId) } },
    { returnDocument: 'after', lean: true },
  );
  if (!used) throw conflict('binding_code_used');
  try {
    return await claimArchive(deps, existing.residentId, accountId);
  } catch (err) {
    // Nothing half-written: the code stays usable if the archive could not be claimed.
    await deps.models.BindingCode.updateOne({ _id: existing._id, usedByAccountId: new Types.ObjectId(accountId) }, { $set: { usedAt: null, usedByAccountId: null } });
    throw err;
  }
}

async function claimArchive(deps: AppDeps, residentId: Types.ObjectId, accountIdText: string) {
  const accountId = new Types.ObjectId(accountIdText);
  const now = deps.clock.now();
  const resident = await deps.models.Resident.findOneAndUpdate(
    { _id: residentId, status: 'active', $or: [{ accountId: null }, { accountId }] },
    { $set: { accountId, boundAt: now } },
    { returnDocument: 'after', lean: true },
  );
  if (!resident) throw conflict('archive_already_bound');
  const account = await deps.models.Account.findOneAndUpdate(
    { _id: accountId, status: 'active', residentId: null },
    { $set: { residentId, boundAt: now }, $inc: { actorVersion: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (!account) {
    const current = await deps.models.Account.findById(accountId).lean();
    // The same binding finished by a concurrent request: nothing to undo.
    if (current?.residentId && String(current.residentId) === String(residentId)) return resident;
    await deps.models.Resident.updateOne({ _id: residentId, accountId }, { $set: { accountId: null, boundAt: null } });
    throw conflict('account_already_bound');
  }
  await refreshAccountSessions(deps, accountId);
  return resident;
}
