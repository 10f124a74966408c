import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { CareNoticeKind } from '../models/careNotice';
import type { SubscribeMessage } from '../wechat/subscribeDelivery';

export interface CareNoticeInput {
  eventKey: string;
  accountId: Types.ObjectId;
  residentId: Types.ObjectId;
  recipient: 'resident' | 'relative';
  proxyLinkId: Types.ObjectId | null;
  kind: CareNoticeKind;
  title: string;
  body: string;
  refs: { alertId?: Types.ObjectId; summaryId?: Types.ObjectId };
  /** The subscribe message to send once; null: in-app only. */
  message: SubscribeMessage | null;
  /** When what it tells happened (defaults to now): the list is in this order. */
  at?: Date;
}

/**
 * Writes a care notice once (insert-if-absent by `eventKey`); a rerun finds it and changes nothing,
 * so its delivery state, read time and text stay those of the first run.
 */
export async function careNoticeWriter(deps: Pick<AppDeps, 'models' | 'clock'>, input: CareNoticeInput): Promise<void> {
  const { eventKey, message, refs, at, ...fields } = input;
  try {
    await deps.models.CareNotice.updateOne(
      { eventKey },
      {
        $setOnInsert: {
          eventKey,
          ...fields,
          refs: { alertId: refs.alertId ?? null, summaryId: refs.summaryId ?? null },
          message,
          sendState: message ? 'pending' : 'none',
          sendAttempts: 0,
          lastErrcode: null,
          sentAt: null,
          createdAt: at ?? deps.clock.now(),
          readAt: null,
        },
      },
      { upsert: true },
    );
  } catch (err) {
    // Two runners upserting the same key: the loser may fail on the unique index instead of matching.
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}

/** Marks every unread care notice to this account about this resident read; returns how many. */
export async function familyNoticesMarker(deps: Pick<AppDeps, 'models' | 'clock'>, accountId: Types.ObjectId, residentId: Types.ObjectId): Promise<number> {
  const { modifiedCount } = await deps.models.CareNotice.updateMany({ accountId, residentId, readAt: null }, { $set: { readAt: deps.clock.now() } });
  return modifiedCount;
}
