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
  const { upsertedCount } = await deps.models.DomainEvent.updateOne(
    { eventId: event.eventId },
    { $setOnInsert: { ...event, recordedAt: deps.clock.now(), pointsPending: true } },
    { upsert: true },
  );
  return { appended: upsertedCount === 1 };
}
