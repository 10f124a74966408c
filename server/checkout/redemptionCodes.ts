/**
 * 出示码: the resident's (or a proxy's) one-time code that a cashier scans or types.
 *
 * Digits: 10-digit random nonce + 8-digit HMAC of it (key derived from the lookup HMAC key under its
 * own label), 18 digits a cashier can type on the H5 build. The nonce is also the stored document's
 * `_id`, so a forged code fails the MAC, an unknown one has no document, and a used, superseded or
 * expired one is refused: a screenshot cannot be replayed (single use, 60 s, and superseded as soon
 * as the same account's phone refreshes). Each account keeps its own current code, so a resident
 * and a relative on the code screen at once both hold a valid one; a code issued by a proxy is
 * refused once that proxy's link is revoked or loses `redeem`.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { monthlyRemainingPoints } from '../../shared/points/redemption';
import { shanghaiMonthKey } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { AppError, badRequest, conflict } from '../http/errors';
import { isDuplicateKeyError } from '../identity/codes';
import { policyAt } from '../ledger/policyVersions';
import { walletStateOf } from '../ledger/walletReader';

export const redemptionCodeTtlMs = 60_000;
/** The phone asks for a new code a little before the old one expires. */
export const redemptionCodeRefreshMs = 50_000;
const nonceDigits = 10;
const macDigits = 8;
export const qrPrefix = 'RHP1:';

const keyCache = new WeakMap<Buffer, Buffer>();
function signingKey(deps: AppDeps): Buffer {
  const base = deps.config.crypto.lookupHmacKey;
  let key = keyCache.get(base);
  if (!key) {
    key = createHmac('sha256', base).update('redemption-code-signing-key/v1').digest();
    keyCache.set(base, key);
  }
  return key;
}

function macOf(deps: AppDeps, nonce: string): string {
  const digest = createHmac('sha256', signingKey(deps)).update(`redemptionCode\u0000${nonce}`).digest();
  return (digest.readBigUInt64BE(0) % 10n ** BigInt(macDigits)).toString().padStart(macDigits, '0');
}

export function formatRedemptionDigits(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** What the available points and this month's allowance are now: the one computation 出示码 and 存折 show. */
export async function redemptionAllowance(deps: AppDeps, residentId: string) {
  const now = deps.clock.now();
  const policy = await policyAt(deps, now);
  const wallet = await walletStateOf(deps, residentId);
  const redeemed = wallet.redeemedByMonth[shanghaiMonthKey(now)] ?? 0;
  const availablePoints = wallet.balancePoints - wallet.heldPoints;
  return {
    policy,
    availablePoints,
    redeemedThisMonthPoints: redeemed,
    monthlyRemainingPoints: monthlyRemainingPoints(policy, { availablePoints, redeemedThisMonthPoints: redeemed }),
  };
}

export async function redemptionCodeIssuer(deps: AppDeps, input: { residentId: string; accountId: string; proxyLinkId: string | null }) {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + redemptionCodeTtlMs);
  // Orders codes issued in the same millisecond: ObjectIds from one process only grow.
  const issueOrder = new Types.ObjectId();
  let nonce = '';
  for (let attempt = 0; ; attempt += 1) {
    nonce = String(randomInt(1, 10 ** nonceDigits)).padStart(nonceDigits, '0');
    try {
      await deps.models.RedemptionCode.create({
        _id: nonce,
        residentId: new Types.ObjectId(input.residentId),
        issuedByAccountId: input.accountId,
        proxyLinkId: input.proxyLinkId,
        state: 'issued',
        createdAt: now,
        issueOrder,
        expiresAt,
      });
      break;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 4) throw err;
    }
  }
  // The refreshed code replaces this account's earlier ones: a photo of the previous screen is now
  // worthless. Only earlier ones (issue time, then issue order), so of refreshes racing, the last
  // issued survives — never none.
  await deps.models.RedemptionCode.updateMany(
    {
      residentId: new Types.ObjectId(input.residentId),
      issuedByAccountId: input.accountId,
      state: 'issued',
      $or: [{ createdAt: { $lt: now } }, { createdAt: now, issueOrder: { $lt: issueOrder } }],
    },
    { $set: { state: 'superseded' } },
  );
  const digits = `${nonce}${macOf(deps, nonce)}`;
  const allowance = await redemptionAllowance(deps, input.residentId);
  return {
    code: digits,
    codeFormatted: formatRedemptionDigits(digits),
    qrPayload: `${qrPrefix}${digits}`,
    expiresAt,
    refreshAfterMs: redemptionCodeRefreshMs,
    availablePoints: allowance.availablePoints,
    monthlyRemainingPoints: allowance.monthlyRemainingPoints,
    valueFenPerPoint: allowance.policy.valueFenPerPoint,
  };
}

/** The nonce of a well-formed, correctly signed code (scanned QR payload or typed digits), else undefined. */
export function verifiedNonce(deps: AppDeps, raw: string): string | undefined {
  const digits = raw.trim().replace(/^RHP1:/i, '').replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits) || digits.length !== nonceDigits + macDigits) return undefined;
  const nonce = digits.slice(0, nonceDigits);
  const expected = Buffer.from(macOf(deps, nonce));
  const given = Buffer.from(digits.slice(nonceDigits));
  return timingSafeEqual(expected, given) ? nonce : undefined;
}

/** Checks a code without using it up: which resident, or why it is refused. */
export async function redemptionCodeInspector(deps: AppDeps, raw: string) {
  const nonce = verifiedNonce(deps, raw);
  if (!nonce) throw badRequest('redemption_code_invalid');
  const code = await deps.models.RedemptionCode.findById(nonce).lean();
  if (!code) throw badRequest('redemption_code_invalid');
  if (code.state === 'used') throw conflict('redemption_code_used');
  if (code.state === 'superseded' || code.expiresAt.getTime() <= deps.clock.now().getTime()) throw new AppError('redemption_code_expired', 410);
  if (code.proxyLinkId && !(await proxyMayStillRedeem(deps, code.proxyLinkId))) throw new AppError('redemption_code_expired', 410);
  return { nonce, residentId: String(code.residentId), proxyLinkId: code.proxyLinkId ?? null };
}

async function proxyMayStillRedeem(deps: AppDeps, proxyLinkId: string): Promise<boolean> {
  const link = await deps.models.ProxyLink.findById(proxyLinkId, { status: 1, scopes: 1 }).lean();
  return link?.status === 'active' && link.scopes.includes('redeem');
}

/**
 * Uses the code up for one checkout: a single conditional update, so of two simultaneous scans
 * exactly one wins; the loser is told the code was used.
 */
export async function redemptionCodeClaimer(deps: AppDeps, nonce: string, checkoutId: string): Promise<void> {
  const now = deps.clock.now();
  const { modifiedCount } = await deps.models.RedemptionCode.updateOne(
    { _id: nonce, state: 'issued', expiresAt: { $gt: now } },
    { $set: { state: 'used', usedAt: now, checkoutId } },
  );
  if (modifiedCount === 1) return;
  const code = await deps.models.RedemptionCode.findById(nonce).lean();
  if (code?.state === 'used') throw conflict('redemption_code_used');
  throw new AppError('redemption_code_expired', 410);
}
