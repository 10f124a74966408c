import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor, StaffAffiliation, StaffRole } from '../http/actor';
import type { AccountDoc } from '../models/account';
import type { SessionDoc } from '../models/session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A token is `s` + the session's `_id` (24 hex) + 32 random bytes (base64url), so the lookup is a
 * read by `_id`; the stored hash of the whole token is then compared. Tokens issued before carry no
 * id (43 characters) and are still found by their hash.
 */
const tokenWithId = /^s([0-9a-f]{24})[A-Za-z0-9_-]{43}$/;

/** Issues a random bearer token; only its hash is stored. The first request copies the account's actor onto it. */
export async function sessionCreator(deps: AppDeps, input: { accountId: Types.ObjectId; userAgent: string }) {
  const sessionId = new Types.ObjectId();
  const token = `s${sessionId.toHexString()}${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000);
  await deps.models.Session.create({
    _id: sessionId,
    tokenHash: hashToken(token),
    accountId: input.accountId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: input.userAgent.slice(0, 200),
  });
  return { token, expiresAt, sessionId: String(sessionId) };
}

// Writing lastSeenAt on every request would turn reads into writes; once a minute is enough. The
// same write re-reads the account, so a copy left stale by a crash between an account change and
// its push to the sessions lasts at most this long.
const lastSeenGranularityMs = 60_000;

type ActorCopy = NonNullable<SessionDoc['actor']>;
type AccountFields = Pick<AccountDoc, 'roles' | 'residentId' | 'staff'> & { _id: Types.ObjectId; actorVersion?: number | null };

/** Only the affiliation fields that are set (the database may hold nulls or empty lists). */
function affiliationOf(staff: AccountDoc['staff'] | ActorCopy['staff']): StaffAffiliation {
  return {
    ...(staff?.institutionId ? { institutionId: staff.institutionId } : {}),
    ...(staff?.teamId ? { teamId: staff.teamId } : {}),
    ...(staff?.pharmacyId ? { pharmacyId: staff.pharmacyId } : {}),
    ...(staff?.coversInstitutionIds?.length ? { coversInstitutionIds: [...staff.coversInstitutionIds] } : {}),
  };
}

function actorCopyOf(account: AccountFields): ActorCopy {
  return { roles: [...(account.roles ?? [])], residentId: account.residentId ?? null, staff: affiliationOf(account.staff) };
}

/** Only a copy taken from a newer account version may replace a session's (a missing version is the oldest). */
const olderCopyThan = (version: number, inclusive: boolean) => ({
  $or: [{ actorVersion: { $exists: false } }, { actorVersion: inclusive ? { $lte: version } : { $lt: version } }],
});

/**
 * Pushes an account's current actor to its live sessions. Call it after every account write that
 * changed roles, staff or binding and incremented `actorVersion` in the same update; the version
 * guard keeps a slower push of an older copy from overwriting a newer one.
 */
export async function refreshAccountSessions(deps: AppDeps, accountId: Types.ObjectId | string): Promise<void> {
  const account = await deps.models.Account.findById(accountId).lean();
  if (!account) return;
  const version = account.actorVersion ?? 0;
  await deps.models.Session.updateMany({ accountId: account._id, revokedAt: null, ...olderCopyThan(version, false) }, { $set: { actor: actorCopyOf(account), actorVersion: version } });
}

export type SessionLookup = { actor: AccountActor } | { failure: 'session_invalid' | 'session_expired' };

export async function sessionAuthenticator(deps: AppDeps, token: string): Promise<AccountActor | undefined> {
  const lookup = await lookupSession(deps, token);
  return 'actor' in lookup ? lookup.actor : undefined;
}

async function findSession(deps: AppDeps, token: string) {
  const tokenHash = hashToken(token);
  const id = tokenWithId.exec(token)?.[1];
  if (!id) return deps.models.Session.findOne({ tokenHash }).lean();
  const session = await deps.models.Session.findById(id).lean();
  const matches = session && session.tokenHash.length === tokenHash.length && timingSafeEqual(Buffer.from(session.tokenHash), Buffer.from(tokenHash));
  return matches ? session : null;
}

/**
 * Like sessionAuthenticator, but says why a token opens nothing: unknown or revoked vs expired.
 * One read by `_id`; once a minute (and on a session's first request) also the account.
 */
export async function lookupSession(deps: AppDeps, token: string): Promise<SessionLookup> {
  const now = deps.clock.now();
  const session = await findSession(deps, token);
  if (!session || session.revokedAt) return { failure: 'session_invalid' };
  if (session.expiresAt.getTime() <= now.getTime()) return { failure: 'session_expired' };
  let copy = session.actor;
  if (!copy || now.getTime() - session.lastSeenAt.getTime() > lastSeenGranularityMs) {
    // By _id alone (the status is checked here): an equality on _id is every engine's fastest read.
    const account = await deps.models.Account.findById(session.accountId).lean();
    if (!account || account.status !== 'active') return { failure: 'session_invalid' };
    copy = actorCopyOf(account);
    const version = account.actorVersion ?? 0;
    await deps.models.Session.updateOne({ _id: session._id, ...olderCopyThan(version, true) }, { $set: { lastSeenAt: now, actor: copy, actorVersion: version } });
  }
  return {
    actor: {
      kind: 'account',
      accountId: String(session.accountId),
      sessionId: String(session._id),
      roles: copy.roles as StaffRole[],
      residentId: copy.residentId ? String(copy.residentId) : null,
      staff: affiliationOf(copy.staff),
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
