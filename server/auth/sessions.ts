import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor, StaffRole } from '../http/actor';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a random bearer token; only its hash is stored. */
export async function sessionCreator(deps: AppDeps, input: { accountId: Types.ObjectId; userAgent: string }) {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  const session = await deps.models.Session.create({
    tokenHash: hashToken(token),
    accountId: input.accountId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: input.userAgent.slice(0, 200),
  });
  return { token, expiresAt, sessionId: String(session._id) };
}

// Writing lastSeenAt on every request would turn reads into writes; once a minute is enough.
const lastSeenGranularityMs = 60_000;

export type SessionLookup = { actor: AccountActor } | { failure: 'session_invalid' | 'session_expired' };

export async function sessionAuthenticator(deps: AppDeps, token: string): Promise<AccountActor | undefined> {
  const lookup = await lookupSession(deps, token);
  return 'actor' in lookup ? lookup.actor : undefined;
}

/** Like sessionAuthenticator, but says why a token opens nothing: unknown or revoked vs expired. */
export async function lookupSession(deps: AppDeps, token: string): Promise<SessionLookup> {
  const now = deps.clock.now();
  const session = await deps.models.Session.findOne({ tokenHash: hashToken(token) }).lean();
  if (!session || session.revokedAt) return { failure: 'session_invalid' };
  if (session.expiresAt.getTime() <= now.getTime()) return { failure: 'session_expired' };
  // By _id alone (the status is checked here): an equality on _id is every engine's fastest read.
  const account = await deps.models.Account.findById(session.accountId).lean();
  if (!account || account.status !== 'active') return { failure: 'session_invalid' };
  if (now.getTime() - session.lastSeenAt.getTime() > lastSeenGranularityMs) {
    await deps.models.Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: now } });
  }
  const staff = account.staff ?? {};
  return {
    actor: {
      kind: 'account',
      accountId: String(account._id),
      sessionId: String(session._id),
      roles: (account.roles ?? []) as StaffRole[],
      residentId: account.residentId ? String(account.residentId) : null,
      staff: {
        ...(staff.institutionId ? { institutionId: staff.institutionId } : {}),
        ...(staff.teamId ? { teamId: staff.teamId } : {}),
        ...(staff.pharmacyId ? { pharmacyId: staff.pharmacyId } : {}),
        ...(staff.coversInstitutionIds?.length ? { coversInstitutionIds: [...staff.coversInstitutionIds] } : {}),
      },
    },
  };
}

/** An account's signed-in devices: sessions neither revoked nor expired, newest first (the last 50). */
export async function activeSessionsOf(deps: AppDeps, accountId: string) {
  return deps.models.Session.find({ accountId: new Types.ObjectId(accountId), revokedAt: null, expiresAt: { $gt: deps.clock.now() } })
    .sort({ createdAt: -1 })
    .limit(50)
    .lean();
}

/** Signs one of the account's own sessions out; false when there is no such live session of this account. */
export async function sessionRevoker(deps: AppDeps, accountId: string, sessionId: string): Promise<boolean> {
  const result = await deps.models.Session.updateOne(
    { _id: new Types.ObjectId(sessionId), accountId: new Types.ObjectId(accountId), revokedAt: null },
    { $set: { revokedAt: deps.clock.now() } },
  );
  return result.modifiedCount === 1;
}

/** Signs every session of the account out, except `keepSessionId` if given; returns how many. */
export async function allSessionsRevoker(deps: AppDeps, accountId: string, keepSessionId: string | null): Promise<number> {
  const result = await deps.models.Session.updateMany(
    { accountId: new Types.ObjectId(accountId), revokedAt: null, ...(keepSessionId ? { _id: { $ne: new Types.ObjectId(keepSessionId) } } : {}) },
    { $set: { revokedAt: deps.clock.now() } },
  );
  return result.modifiedCount;
}
