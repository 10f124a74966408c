import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { DomainEventType } from '../models/domainEvent';

/**
 * Appends a domain event once: `eventId` is unique and derived from the source, so appending the
 * same fact again (a retried reading, a re-pushed record) changes nothing. Consumers (the passbook)
 * read `domainEvents` in `recordedAt` order; nothing here calls them.
 */
export interface DomainEventInput {
  eventId: string;
  type: DomainEventType;
  residentId: Types.ObjectId;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export async function domainEventAppender(deps: AppDeps, event: DomainEventInput): Promise<{ appended: boolean }> {
  const now = deps.clock.now();
  const { upsertedCount } = await deps.models.DomainEvent.updateOne(
    { eventId: event.eventId },
    { $setOnInsert: { ...event, recordedAt: now, recordedDay: recordedDayOf(now), pointsPending: true } },
    { upsert: true },
  );
  return { appended: upsertedCount === 1 };
}

/** The UTC day an event was recorded on: the feeds' indexed equality (FerretDB pushes no range down). */
export const recordedDayOf = (at: Date) => at.toISOString().slice(0, 10);

const feedDaysMax = 400;
const feedPageSize = 500;

/**
 * The day buckets a feed reading events recorded since `since` visits, oldest first, up to the day
 * after `now` (an instance whose clock runs ahead may have recorded there); null when that is more
 * than `feedDaysMax` days (a feed's first run), which then reads without a bucket, once.
 */
export function recordedDaysSince(since: Date, now: Date): string[] | null {
  const first = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  const days: string[] = [];
  for (let at = first; at <= now.getTime() + 86_400_000; at += 86_400_000) {
    if (days.length >= feedDaysMax) return null;
    days.push(recordedDayOf(new Date(at)));
  }
  return days;
}

/**
 * The events of `types` recorded since `since`, in (recordedAt, _id) order, a page at a time, each
 * read by its day bucket. The report and co-management feeds stop when they have read enough.
 */
export async function* domainEventPages(deps: Pick<AppDeps, 'models' | 'clock'>, input: { types: readonly DomainEventType[]; since: Date }) {
  let last: { recordedAt: Date; _id: Types.ObjectId } | undefined;
  for (const day of recordedDaysSince(input.since, deps.clock.now()) ?? [null]) {
    for (;;) {
      const after = last ? [{ recordedAt: { $gt: last.recordedAt } }, { recordedAt: last.recordedAt, _id: { $gt: last._id } }] : [{ recordedAt: { $gte: input.since } }];
      const page = await deps.models.DomainEvent.find({ ...(day ? { recordedDay: day } : {}), type: { $in: [...input.types] }, $or: after }, { eventId: 1, type: 1, residentId: 1, occurredAt: 1, payload: 1, recordedAt: 1 })
        .sort({ recordedAt: 1, _id: 1 })
        .limit(feedPageSize)
        .lean();
      if (page.length === 0) break;
      yield page;
      last = page.at(-1);
      if (page.length < feedPageSize) break;
    }
  }
}

/**
 * Gives events appended before `recordedDay` existed their day (idempotent; every start runs it,
 * one pass over the collection per start, none per feed run).
 */
export async function recordedDayBackfiller(deps: Pick<AppDeps, 'models'>): Promise<number> {
  let updated = 0;
  const missing = deps.models.DomainEvent.find({ recordedDay: { $exists: false } }, { recordedAt: 1 }).lean().cursor({ batchSize: 1000 });
  let batch: Array<{ updateOne: { filter: { _id: Types.ObjectId }; update: { $set: { recordedDay: string } } } }> = [];
  const flush = async () => {
    if (batch.length > 0) updated += (await deps.models.DomainEvent.bulkWrite(batch, { ordered: false })).modifiedCount;
    batch = [];
  };
  for await (const event of missing) {
    batch.push({ updateOne: { filter: { _id: event._id }, update: { $set: { recordedDay: recordedDayOf(event.recordedAt) } } } });
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return updated;
}
