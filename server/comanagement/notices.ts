import { Types } from 'mongoose';
import type { AppDeps } from '../deps';

/**
 * In-app notices of co-management: to the resident's team (the specialist wrote a 接诊服务记录单, a
 * referral was answered or came back down) and to the resident (advice in plain words). Specialists
 * work from their queue and referral inbox, which put what is new first. Each is insert-if-absent by its event key,
 * so a retried command notifies once.
 */
type Deps = Pick<AppDeps, 'models' | 'clock'>;

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

async function insertOnce(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
}

export interface StaffNoticeInput {
  /** The business event; each recipient's notice key is `<eventKey>:<accountId>`. */
  eventKey: string;
  kind: string;
  title: string;
  body: string;
  refs: Record<string, string | null>;
}

export async function notifyStaff(deps: Deps, accountIds: readonly string[], notice: StaffNoticeInput): Promise<void> {
  const now = deps.clock.now();
  for (const accountId of new Set(accountIds)) {
    const eventKey = `${notice.eventKey}:${accountId}`;
    await insertOnce(() =>
      deps.models.StaffNotice.updateOne(
        { eventKey },
        { $setOnInsert: { eventKey, accountId, kind: notice.kind, title: notice.title, body: notice.body, refs: notice.refs, createdAt: now, readAt: null } },
        { upsert: true },
      ),
    );
  }
}

/** The staff accounts of a team (its members as the admin recorded them, and doctors assigned to it). */
export async function teamAccountIds(deps: Deps, institutionId: string, teamId: string | null): Promise<string[]> {
  if (!teamId) return [];
  const [team, doctors] = await Promise.all([
    deps.models.Team.findOne({ _id: teamId, institutionId }, { members: 1 }).lean(),
    deps.models.Account.find({ roles: 'doctor', 'staff.institutionId': institutionId, 'staff.teamId': teamId, status: 'active' }, { _id: 1 }).lean(),
  ]);
  return [...(team?.members ?? []).map((m) => m.accountId), ...doctors.map((d) => String(d._id))];
}

export async function notifyResident(deps: Deps, residentId: Types.ObjectId, notice: { eventKey: string; kind: string; title: string; body: string }): Promise<void> {
  await insertOnce(() =>
    deps.models.Notice.updateOne(
      { eventKey: notice.eventKey },
      { $setOnInsert: { eventKey: notice.eventKey, residentId: new Types.ObjectId(String(residentId)), kind: notice.kind, title: notice.title, body: notice.body, createdAt: deps.clock.now(), readAt: null } },
      { upsert: true },
    ),
  );
}
