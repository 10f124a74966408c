import { Types } from 'mongoose';
import type { AppDeps } from '../deps';

function presentNotice(n: { _id: unknown; kind: string; title: string; body: string; createdAt: Date; readAt?: Date | null }) {
  return { noticeId: String(n._id), kind: n.kind, title: n.title, body: n.body, createdAt: n.createdAt, read: n.readAt !== null, readAt: n.readAt ?? null };
}

/** A resident's in-app notices (e.g. a relative redeemed points for them), newest first (the last 100). */
export async function residentNoticesReader(deps: AppDeps, residentId: string) {
  const notices = await deps.models.Notice.find({ residentId: new Types.ObjectId(residentId) }).sort({ createdAt: -1 }).limit(100).lean();
  return notices.map((n) => {
    const { readAt: _readAt, ...listed } = presentNotice(n);
    return listed;
  });
}

/** Marks one of the resident's notices read (the first read time is kept) and returns it; null if it is not theirs. */
export async function residentNoticeReadMarker(deps: AppDeps, residentId: string, noticeId: string) {
  const own = { _id: new Types.ObjectId(noticeId), residentId: new Types.ObjectId(residentId) };
  await deps.models.Notice.updateOne({ ...own, readAt: null }, { $set: { readAt: deps.clock.now() } });
  const notice = await deps.models.Notice.findOne(own).lean();
  return notice ? presentNotice(notice) : null;
}
