import type { Types } from 'mongoose';
import type { DueKind } from '../../shared/followup/dueEngine';
import { dueKindLabels, placeLabels, type VisitPlace } from '../../shared/followup/labels';
import { shanghaiDate } from '../../shared/time/shanghai';
import { dayText, dueStatusLabels } from '../../shared/vocabulary';
import type { AppDeps } from '../deps';
import { dueItemsOf } from '../followups/dueItems';
import { PermanentJobError, type JobContext } from '../jobs/jobRunner';
import type { ReminderKind } from '../models/reminder';
import { doseReminderContent } from '../medication/doseReminders';
import { activeOpenidOf, subscribeMessageDeliverer, type DeliveryOutcome } from '../wechat/subscribeDelivery';
import type { ReminderPayload } from './reminderScheduler';

/**
 * The `reminders.send` job. Each run:
 * 1. checks the reminder still makes sense (the booking is still booked in that slot; the item is
 *    still due and not booked) — otherwise it finishes without a trace;
 * 2. writes the in-app reminder (upsert by key: once however often it runs);
 * 3. sends the subscribe message at most once (server/wechat/subscribeDelivery.ts: the reminder
 *    moves pending|retry → sending in one conditional update, so of two runners only one sends).
 *
 * Dose reminders (server/medication/doseReminders.ts) come through here too; inside the quiet hours
 * they are written in the app and not pushed (`quiet_hours`).
 *
 * WeChat outcomes: sent → `sent`; 43101 → `not_subscribed`, recorded, not retried (the job
 * finishes); errcodes that cannot get better → `failed` + PermanentJobError; anything else →
 * `retry` and the job is retried with backoff (server/jobs/jobQueue.ts).
 */
export const reminderPages = { booking: 'subpackages/followup/bookings/index', home: 'pages/home/index' } as const;

export interface ReminderContent {
  kind: ReminderKind;
  residentId: Types.ObjectId;
  title: string;
  body: string;
  bookingId: Types.ObjectId | null;
  dueItemKey: string | null;
  doseKey?: string | null;
  /** false: in the app only (a dose due in the quiet hours); the subscribe message is not sent. */
  push?: boolean;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

async function contentOf(deps: AppDeps, payload: ReminderPayload): Promise<ReminderContent | { skipped: string }> {
  if (payload.kind === 'doseDue') return doseReminderContent(deps, payload);
  if (payload.kind === 'itemDue') {
    const resident = await deps.models.Resident.findById(payload.residentId).lean();
    if (!resident) return { skipped: 'resident_gone' };
    const item = (await dueItemsOf(deps, resident)).find((d) => d.key === payload.dueItemKey);
    if (!item) return { skipped: 'item_no_longer_due' };
    if (await deps.models.Booking.exists({ activeKey: `${payload.residentId}:${item.key}` })) return { skipped: 'item_booked' };
    const label = dueKindLabels[item.kind];
    return {
      kind: 'itemDue',
      residentId: resident._id,
      title: item.status === 'overdue' ? `${label}${dueStatusLabels.overdue}` : `该${label}了`,
      body: `请在${dayText(item.dueBy, { today: shanghaiDate(deps.clock.now()) })}前完成${label}。可以在小程序首页一键预约。`,
      bookingId: null,
      dueItemKey: item.key,
      templateId: deps.config.followups.dueReminderTemplateId,
      page: reminderPages.home,
      data: { thing1: { value: clip(label, 20) }, date2: { value: item.dueBy }, thing3: { value: '可在小程序首页一键预约' } },
    };
  }
  const booking = await deps.models.Booking.findById(payload.bookingId).lean();
  if (!booking || booking.status !== 'booked' || String(booking.slotId) !== payload.slotId) return { skipped: 'booking_changed' };
  const text = bookingReminderText(payload.kind, booking, shanghaiDate(deps.clock.now()));
  return {
    kind: payload.kind,
    residentId: booking.residentId,
    title: text.title,
    body: text.body,
    bookingId: booking._id,
    dueItemKey: booking.dueItemKey,
    templateId: deps.config.followups.bookingReminderTemplateId,
    page: reminderPages.booking,
    data: { thing1: { value: clip(text.label, 20) }, time2: { value: `${booking.date} ${booking.startTime}` }, thing3: { value: clip(text.place, 20) }, thing4: { value: text.title } },
  };
}

/** What a booking reminder says (sent, and listed ahead of time under 提醒 as upcoming). */
export function bookingReminderText(kind: 'bookingDayBefore' | 'bookingTwoHours', booking: { dueKind: string; place: string; date: string; startTime: string; endTime: string }, today: string) {
  const label = dueKindLabels[booking.dueKind as DueKind] ?? '随访';
  const place = placeLabels[booking.place as VisitPlace] ?? booking.place;
  const when = `${dayText(booking.date, { today, weekday: true })} ${booking.startTime}–${booking.endTime}`;
  const title = kind === 'bookingDayBefore' ? '明天有预约' : '2小时后有预约';
  return { label, place, title, body: `${label}：${when}，${place}。${booking.place === 'phone' ? '请保持电话畅通。' : '请带上医保卡和药盒。'}` };
}

export async function reminderJob({ job, deps }: JobContext) {
  const payload = job.payload as ReminderPayload;
  const content = await contentOf(deps, payload);
  if ('skipped' in content) return content;
  const key = job.key;
  try {
    await deps.models.Reminder.updateOne(
      { key },
      {
        $setOnInsert: {
          key,
          residentId: content.residentId,
          kind: content.kind,
          title: content.title,
          body: content.body,
          bookingId: content.bookingId,
          dueItemKey: content.dueItemKey,
          doseKey: content.doseKey ?? null,
          createdAt: deps.clock.now(),
          readAt: null,
          sendState: 'pending',
          sendAttempts: 0,
          lastErrcode: null,
          sentAt: null,
        },
      },
      { upsert: true },
    );
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  return deliver(deps, key, content);
}

async function deliver(deps: AppDeps, key: string, content: ReminderContent): Promise<DeliveryOutcome | { outcome: 'quiet_hours' }> {
  if (content.push === false) {
    await deps.models.Reminder.updateOne({ key, sendState: 'pending' }, { $set: { sendState: 'quiet_hours' } });
    return { outcome: 'quiet_hours' };
  }
  const resident = await deps.models.Resident.findById(content.residentId, { accountId: 1 }).lean();
  const openid = await activeOpenidOf(deps, resident?.accountId);
  const delivered = await subscribeMessageDeliverer(deps, deps.models.Reminder.collection, { key }, openid, { templateId: content.templateId, page: content.page, data: content.data });
  if (delivered.outcome === 'failed') throw new PermanentJobError(`subscribe_send errcode ${delivered.errcode ?? 'none'}`);
  if (delivered.outcome === 'retry') throw new Error(`subscribe_send failed (errcode ${delivered.errcode ?? 'none'}); will retry`);
  return delivered.outcome === 'not_subscribed' ? { outcome: 'not_subscribed', errcode: 43101 } : { outcome: delivered.outcome };
}
