import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { earningPreviewer } from '../ledger/pointsIssuer';
import { eventFacts } from './eventConsumer';

/**
 * What saving a home reading earns, said at once ("+2 积分") instead of after the consumer has run:
 * the shared points rules on the wallet as it stands, under the policy of the reading's day and its
 * caps (1 per measure per day, 60 a month, the yearly caps). Certain only when nothing else of the
 * resident's is waiting for the consumer (an earlier reading could take the same cap first); the
 * app then says the points are on their way. A reading the consumer already handled reports what
 * it really earned. Clinic entries earn nothing here (null).
 */
export interface PointsPreview {
  points: number;
  certain: boolean;
  /** The shared rule's reason: earned, capped_by_daily_limit, not_eligible_… */
  reason: string;
}

interface ReadingRef {
  _id: Types.ObjectId;
  residentId: Types.ObjectId;
  measure: string;
  measuredAt: Date;
  enteredBy: { actingAs: string };
}

export async function readingPointsPreviewer(deps: AppDeps, reading: ReadingRef): Promise<PointsPreview | null> {
  if (reading.enteredBy.actingAs === 'clinic') return null;
  const eventId = `reading:${String(reading._id)}`;
  const event = await deps.models.DomainEvent.findOne({ eventId }, { pointsConsumedAt: 1, pointsResult: 1 }).lean();
  const consumed = event?.pointsConsumedAt ? (event.pointsResult as Array<{ points?: number; result?: string }> | undefined)?.[0] : undefined;
  if (consumed) return { points: consumed.points ?? 0, certain: true, reason: consumed.result ?? 'earned' };
  const { contracted } = await eventFacts(deps, { eventId, type: 'homeReadingLogged', residentId: reading.residentId, occurredAt: reading.measuredAt, payload: {} });
  const [earned, othersWaiting] = await Promise.all([
    earningPreviewer(deps, reading.residentId, { eventType: 'homeReading', subKey: reading.measure, occurredAt: reading.measuredAt, contracted, verifiedBy: 'home' }),
    deps.models.DomainEvent.exists({ residentId: reading.residentId, pointsConsumedAt: null, eventId: { $ne: eventId } }),
  ]);
  return { points: earned.points, certain: othersWaiting === null, reason: earned.reason };
}
