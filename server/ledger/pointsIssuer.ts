/**
 * Earning: a domain event → points credited as a lot expiring per the policy, within caps.
 * `earnResults` lists its result codes in precedence order.
 * Capped excess is recorded as an entry with 0 credited points and `cappedPoints`.
 */
import { type Types } from 'mongoose';
import { earnEventTypes, expiryFor, pointsForEvent, type EarnEventType, type EarnReason, type EarnResult } from '../../shared/points';
import { shanghaiDate, shanghaiMonthKey, shanghaiYear } from '../../shared/time/shanghai';
import { creditLot } from '../../shared/points/walletState';
import { systemActor, type LedgerDeps } from './deps';
import { asObjectId, operationType, precedenceOf, reusedKeyResults, runOperation, type CommitDoc, type OperationResult } from './operation';
import { policyAt } from './policyVersions';

export interface EarnInput {
  eventId: string;
  eventType: EarnEventType;
  residentId: Types.ObjectId | string;
  occurredAt: Date;
  subKey?: string;
  contracted: boolean;
  verifiedBy?: 'clinic' | 'home';
}

type NotEligible = Extract<EarnReason, `not_eligible_${string}`>;
type Earned = { result: Exclude<EarnReason, NotEligible>; points: number; cappedPoints: number; policyVersion: number; expiresAt: Date | null };
type EarnRefused = { result: 'not_eligible_event_too_old' | NotEligible };
export type EarnOutcome = { result: 'event_type_unknown' } | { result: 'event_id_required' } | OperationResult<Earned, EarnRefused>;

export const earnResults = precedenceOf<EarnOutcome>()([
  'event_type_unknown',
  'event_id_required',
  ...reusedKeyResults,
  'not_eligible_event_too_old',
  'not_eligible_rule_off',
  'not_eligible_sub_key_required',
  'not_eligible_uncontracted',
  'not_eligible_home_readings_only',
  'capped_by_daily_limit',
  'capped_by_monthly_limit',
  'capped_by_yearly_limit_for_event_type',
  'capped_by_yearly_limit',
  'earned',
]);

const isNotEligible = (reason: EarnReason): reason is NotEligible => reason.startsWith('not_eligible');

export async function pointsIssuer(deps: LedgerDeps, input: EarnInput): Promise<EarnOutcome> {
  if (!earnEventTypes.includes(input.eventType)) return { result: 'event_type_unknown' };
  if (!input.eventId) return { result: 'event_id_required' };
  return runOperation(deps, earnOperation, {
    key: `earn:${input.eventId}`,
    residentId: asObjectId(input.residentId),
    payload: {
      eventId: input.eventId,
      eventType: input.eventType,
      occurredAt: new Date(input.occurredAt),
      subKey: input.subKey ?? null,
      contracted: input.contracted,
      verifiedBy: input.verifiedBy ?? null,
    },
  });
}

/** Counter keys hold no `.` or `$`: a sub-key is a caller string. */
const safe = (s: string) => s.replace(/[.$]/g, '_');

/** Points credited per counter key by this wallet's earnings of a Shanghai year, up to a seq. */
async function earnCounters(deps: LedgerDeps, residentId: Types.ObjectId, year: number, uptoSeq: number): Promise<Map<string, number>> {
  const earnings = await deps.models.LedgerCommit.collection
    .find<Pick<CommitDoc, 'earn' | 'entries'>>({ residentId, 'earn.year': year, seq: { $lte: uptoSeq } }, { projection: { earn: 1, entries: 1 } })
    .toArray();
  const counters = new Map<string, number>();
  for (const earning of earnings) {
    const points = earning.entries.reduce((sum, entry) => sum + entry.points, 0);
    for (const key of earning.earn?.keys ?? []) counters.set(key, (counters.get(key) ?? 0) + points);
  }
  return counters;
}

type EarningCase = Pick<EarnInput, 'eventType' | 'occurredAt' | 'subKey' | 'contracted' | 'verifiedBy'>;

/**
 * What an earning would credit on the wallet as its commits up to `uptoSeq` stand: the policy of
 * the event's day and its caps (day per sub-key, month, year per type, year in total), plus the
 * counter keys the commit records. The planner applies it; `earningPreviewer` only reads it.
 */
async function earningOf(deps: LedgerDeps, residentId: Types.ObjectId, input: EarningCase, uptoSeq: number) {
  const { occurredAt, eventType, subKey } = input;
  const year = shanghaiYear(occurredAt);
  const policy = await policyAt(deps, occurredAt);
  const keys = [`d:${shanghaiDate(occurredAt)}:${eventType}:${safe(subKey ?? '')}`, `m:${shanghaiMonthKey(occurredAt)}:${eventType}`, `y:${year}:${eventType}`, `y:${year}`];
  const counters = await earnCounters(deps, residentId, year, uptoSeq);
  const [day, month, yearOfType, yearTotal] = keys.map((key) => counters.get(key) ?? 0) as [number, number, number, number];
  const earned = pointsForEvent(
    policy,
    { type: eventType, subKey: subKey ?? undefined, contracted: input.contracted, verifiedBy: input.verifiedBy ?? undefined },
    { earnedTodayPoints: day, earnedThisMonthPoints: month, earnedThisYearPoints: yearOfType, earnedThisYearTotalPoints: yearTotal },
  );
  return { policy, year, keys, earned };
}

/** The points an earning would credit now (read only: nothing is written, no key is spent). */
export async function earningPreviewer(deps: LedgerDeps, residentId: Types.ObjectId | string, input: EarningCase): Promise<EarnResult | { points: 0; cappedPoints: 0; reason: 'not_eligible_event_too_old' }> {
  if (shanghaiYear(input.occurredAt) < shanghaiYear(deps.clock.now()) - 1) return { points: 0, cappedPoints: 0, reason: 'not_eligible_event_too_old' };
  return (await earningOf(deps, asObjectId(residentId), input, Number.MAX_SAFE_INTEGER)).earned;
}

const earnOperation = operationType<Earned, EarnRefused>('earn', async ({ deps, op, head, now }) => {
  const p = op.payload as { eventId: string; eventType: EarnEventType; occurredAt: Date; subKey: string | null; contracted: boolean; verifiedBy: 'clinic' | 'home' | null };
  const occurredAt = p.occurredAt;
  // Points of older years would already have expired.
  if (shanghaiYear(occurredAt) < shanghaiYear(now) - 1) return { kind: 'reject', fence: false, result: { result: 'not_eligible_event_too_old' } };
  const { policy, year, keys, earned } = await earningOf(deps, op.residentId, { eventType: p.eventType, occurredAt, subKey: p.subKey ?? undefined, contracted: p.contracted, verifiedBy: p.verifiedBy ?? undefined }, head.seq);
  if (isNotEligible(earned.reason)) return { kind: 'reject', fence: false, result: { result: earned.reason } };
  const expiresAt = expiryFor(policy, occurredAt);
  const credited = earned.points > 0;
  return {
    kind: 'apply',
    state: credited ? creditLot(head.state, earned.points, expiresAt) : head.state,
    entries: [
      {
        type: 'earn',
        points: earned.points,
        heldDeltaPoints: 0,
        cappedPoints: earned.cappedPoints,
        reasonCode: `earn_${p.eventType}`,
        sourceEventId: p.eventId,
        policyVersion: policy.version,
        actor: systemActor,
        ...(credited ? { lots: [{ expiresAt, points: earned.points }] } : {}),
      },
    ],
    fields: { earn: { year, keys }, ...(credited ? { expiresAt } : {}) },
    result: {
      result: earned.reason,
      points: earned.points,
      cappedPoints: earned.cappedPoints,
      policyVersion: policy.version,
      expiresAt: credited ? expiresAt : null,
    },
  };
});
