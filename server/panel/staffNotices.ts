import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { findPage } from '../db/paginate';

/** One page of a staff member's work notices (e.g. alerts escalated to the team lead), newest first. */
export async function staffNoticePage(deps: AppDeps, accountId: string, page: { page: number; pageSize: number }) {
  return findPage(deps.models.StaffNotice, { accountId }, { sort: { createdAt: -1 }, page: page.page, pageSize: page.pageSize });
}

/** Marks one of the caller's own notices read (the first read time is kept) and returns it; null if it is not theirs. */
export async function staffNoticeReadMarker(deps: AppDeps, accountId: string, noticeId: string) {
  const mine = { _id: new Types.ObjectId(noticeId), accountId };
  await deps.models.StaffNotice.updateOne({ ...mine, readAt: null }, { $set: { readAt: deps.clock.now() } });
  return deps.models.StaffNotice.findOne(mine).lean();
}
