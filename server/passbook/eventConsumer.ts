/**
 * Turns domain events (`domainEvents`, appended by records, the integration API and the staff desk)
 * into points: each event is claimed with a short lease (a conditional update on the event), mapped
 * to zero or more points events (`pointsEventsFor`), issued through `pointsIssuer` under an
 * idempotency key derived from the event id, and marked consumed with its result (a conditional
 * update that only the lease holder wins).
 *
 * Exactly once across instances: the lease keeps two consumers from working on one event at the same
 * time; if a lease runs out mid-way (a crashed or slow instance), the next consumer's `pointsIssuer`
 * call hits the same ledger key and gets `exists` with the stored result — the ledger, not the
 * lease, guarantees one effect per event. An event that keeps failing is retried on later runs and
 * parked (consumed with `consumer_gave_up`) after `maxAttempts`, so it cannot block the queue.
 */
import type { Types } from 'mongoose';
import type { EarnEventType } from '../../shared/points';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { pointsIssuer } from '../ledger/pointsIssuer';
import type { DomainEventType } from '../models/domainEvent';

export interface ConsumableEvent {
  eventId: string;
  type: DomainEventType | string;
  residentId: Types.ObjectId;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** What a points event needs besides the domain event: facts loaded for it. */
export interface EventFacts {
  /** The resident had an active (not terminated) contract on the Shanghai day of the event. */
  contracted: boolean;
  /** For contractRecorded: the resident has a contract that started before this one (→ renewal). */
  hasEarlierContract: boolean;
}

export interface PointsEventPlan {
  /** The ledger's earn key is `earn:<eventId>`; one domain event may yield several (screening measures). */
  eventId: string;
  eventType: EarnEventType;
  subKey?: string;
  verifiedBy?: 'clinic' | 'home';
}

/** Domain event types that never earn points (bookings, reminders …): consumed with this result. */
export const noPointsResult = 'no_points_for_event_type';

const screeningTypes: Record<string, EarnEventType> = { bp: 'screeningBp', glucose: 'screeningGlucose', lipids: 'screeningLipids' };

/**
 * The mapping table (pure). Returns the points events a domain event earns; an empty list means it
 * earns nothing. Quarterly 达标 is judged over a quarter of clinic-verified values by its own job
 * (server/passbook/quarterlyAtTarget.ts), which appends one `quarterlyAtTarget` event per condition
 * and quarter; here it becomes the earning with the condition as sub-key. `verifiedBy` is passed on
 * as the event states it, so the policy's clinic-only rule, not this table, refuses anything else.
 */
export function pointsEventsFor(event: Pick<ConsumableEvent, 'eventId' | 'type' | 'payload'>, facts: Pick<EventFacts, 'hasEarlierContract'>): PointsEventPlan[] {
  const p = event.payload ?? {};
  switch (event.type) {
    case 'homeReadingLogged':
      return [{ eventId: event.eventId, eventType: 'homeReading', subKey: typeof p.measure === 'string' ? p.measure : undefined, verifiedBy: 'home' }];
    case 'screeningRecorded': {
      const measures = Array.isArray(p.measures) ? p.measures.filter((m): m is string => typeof m === 'string' && m in screeningTypes) : [];
      return [...new Set(measures)].map((m) => ({ eventId: `${event.eventId}:${m}`, eventType: screeningTypes[m] as EarnEventType, verifiedBy: 'clinic' as const }));
    }
    case 'hcyTestRecorded':
      return [{ eventId: event.eventId, eventType: 'hcyTest', verifiedBy: 'clinic' }];
    case 'followUpRecorded':
      if (p.mode === 'phone') return [{ eventId: event.eventId, eventType: 'phoneFollowUp', verifiedBy: 'clinic' }];
      if (p.mode === 'clinic' || p.mode === 'home') return [{ eventId: event.eventId, eventType: 'faceToFaceFollowUp', verifiedBy: 'clinic' }];
      return [];
    case 'quarterlyAtTarget':
      if (typeof p.condition !== 'string' || !p.condition) return [];
      return [{ eventId: event.eventId, eventType: 'quarterlyAtTarget', subKey: p.condition, verifiedBy: p.verifiedBy === 'clinic' ? 'clinic' : 'home' }];
    case 'folateCourseCompleted':
      return [{ eventId: event.eventId, eventType: 'folateCourseCompleted', verifiedBy: 'clinic' }];
    case 'medicationAdherenceWeek':
      return [{ eventId: event.eventId, eventType: 'medicationAdherenceWeek', verifiedBy: 'home' }];
    case 'healthEducationCompleted':
      // A quiz passed in the app or a class attended at the clinic: one education session each.
      return [{ eventId: event.eventId, eventType: 'healthEducation', verifiedBy: p.via === 'class' ? 'clinic' : 'home' }];
    case 'contractRecorded':
      if (p.status === 'terminated') return [];
      return [{ eventId: event.eventId, eventType: facts.hasEarlierContract ? 'contractRenewed' : 'contractSigned', verifiedBy: 'clinic' }];
    default:
      return [];
  }
}

/** Loads the facts the mapping and the issuer need: the contract in force on the event's day. */
export async function eventFacts(deps: AppDeps, event: ConsumableEvent): Promise<EventFacts> {
  const day = shanghaiDate(event.occurredAt);
  const contracted =
    event.type === 'contractRecorded'
      ? event.payload.status !== 'terminated'
      : (await deps.models.Contract.exists({ residentId: event.residentId, status: { $ne: 'terminated' }, startsOn: { $lte: day }, endsOn: { $gte: day } })) !== null;
  let hasEarlierContract = false;
  if (event.type === 'contractRecorded' && typeof event.payload.startsOn === 'string') {
    hasEarlierContract = (await deps.models.Contract.exists({ residentId: event.residentId, startsOn: { $lt: event.payload.startsOn } })) !== null;
  }
  return { contracted, hasEarlierContract };
}

export interface ConsumedResult {
  eventId: string;
  eventType: EarnEventType | null;
  result: string;
  points: number;
  cappedPoints: number;
  /** The ledger already held this effect (a replay after a lease ran out): nothing new was credited. */
  duplicate?: boolean;
}

/** Issues the points of one event (idempotent: safe to call again for the same event). */
export async function pointsOfEvent(deps: AppDeps, event: ConsumableEvent): Promise<ConsumedResult[]> {
  const facts = await eventFacts(deps, event);
  const plans = pointsEventsFor(event, facts);
  if (plans.length === 0) return [{ eventId: event.eventId, eventType: null, result: noPointsResult, points: 0, cappedPoints: 0 }];
  const results: ConsumedResult[] = [];
  for (const plan of plans) {
    const outcome = await pointsIssuer(deps, {
      eventId: plan.eventId,
      eventType: plan.eventType,
      residentId: event.residentId,
      occurredAt: event.occurredAt,
      subKey: plan.subKey,
      contracted: facts.contracted,
      verifiedBy: plan.verifiedBy,
    });
    // A replay (another consumer got there first) reports the original effect, marked as a duplicate.
    const original = outcome.result === 'exists' ? outcome.original : null;
    const effect = original ?? outcome;
    results.push({
      eventId: plan.eventId,
      eventType: plan.eventType,
      result: effect.result,
      points: 'points' in effect ? effect.points : 0,
      cappedPoints: 'cappedPoints' in effect ? effect.cappedPoints : 0,
      duplicate: original !== null || outcome.result === 'exists_with_different_payload',
    });
  }
  return results;
}

export interface ConsumerReport {
  consumed: number;
  pointsIssued: number;
  skippedClaimed: number;
  failed: number;
}

export interface ConsumerOptions {
  /** Who holds the per-event lease (defaults to the instance id). */
  owner?: string;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

/** One pass over unconsumed events, oldest first. The job calls it every few seconds and on demand. */
export async function pointsEventConsumer(deps: AppDeps, options: ConsumerOptions = {}): Promise<ConsumerReport> {
  const owner = options.owner ?? deps.instanceId;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const report: ConsumerReport = { consumed: 0, pointsIssued: 0, skippedClaimed: 0, failed: 0 };
  const now = deps.clock.now();
  const claimable = { pointsConsumedAt: null, $or: [{ pointsClaimUntil: null }, { pointsClaimUntil: { $lt: now } }] };
  // The indexed equality picks the queue; the rest of the filter narrows it in any engine.
  const candidates = await deps.models.DomainEvent.find({ pointsPending: true, ...claimable }, { _id: 1 })
    .sort({ recordedAt: 1 })
    .limit(options.batchSize ?? 200)
    .lean();
  for (const candidate of candidates) {
    const claimed = await deps.models.DomainEvent.findOneAndUpdate(
      { _id: candidate._id, ...claimable },
      { $set: { pointsClaimOwner: owner, pointsClaimUntil: new Date(deps.clock.now().getTime() + leaseMs) }, $inc: { pointsAttempts: 1 } },
      { returnDocument: 'after', lean: true },
    );
    if (!claimed) {
      report.skippedClaimed += 1;
      continue;
    }
    let results: ConsumedResult[];
    try {
      results = await pointsOfEvent(deps, claimed as unknown as ConsumableEvent);
    } catch (err) {
      report.failed += 1;
      deps.logger.warn({ err, eventId: claimed.eventId }, 'points for domain event failed');
      if ((claimed.pointsAttempts ?? 0) < maxAttempts) continue;
      results = [{ eventId: claimed.eventId, eventType: null, result: 'consumer_gave_up', points: 0, cappedPoints: 0 }];
    }
    const marked = await deps.models.DomainEvent.updateOne(
      { _id: claimed._id, pointsConsumedAt: null, pointsClaimOwner: owner },
      { $set: { pointsConsumedAt: deps.clock.now(), pointsResult: results }, $unset: { pointsPending: 1, pointsClaimOwner: 1, pointsClaimUntil: 1 } },
    );
    if (marked.modifiedCount === 1) {
      report.consumed += 1;
      report.pointsIssued += results.reduce((sum, r) => sum + (r.duplicate ? 0 : r.points), 0);
    }
  }
  return report;
}

/**
 * Marks every unconsumed event appended before `pointsPending` existed (or by an instance of that
 * version) as pending. Idempotent, so every start runs it: one pass over the collection per start,
 * none per consumer run.
 */
export async function pendingPointsBackfiller(deps: Pick<AppDeps, 'models'>): Promise<number> {
  const { modifiedCount } = await deps.models.DomainEvent.updateMany({ pointsConsumedAt: null, pointsPending: { $exists: false } }, { $set: { pointsPending: true } });
  return modifiedCount;
}
