/**
 * Earning: a domain event → points credited as a lot expiring per the policy, within caps.
 * Result codes, in precedence order: exists_with_different_payload, exists,
 * not_eligible_event_too_old, not_eligible_sub_key_required, not_eligible_uncontracted,
 * not_eligible_home_readings_only, capped_by_daily_limit, capped_by_monthly_limit,
 * capped_by_yearly_limit_for_event_type, capped_by_yearly_limit, earned.
 * Capped excess is recorded as an entry with 0 credited points and `cappedPoints`.
 */
import { type Types } from 'mongoose';
import { earnEventTypes, expiryFor, pointsForEvent, type EarnEventType } from '../../shared/points';
import { shanghaiDate, shanghaiMonthKey, shanghaiYear } from '../../shared/time/shanghai';
import { systemActor, type LedgerDeps } from './deps';
import { asObjectId, registerPlanner, runOperation, type OpResult } from './operation';
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

export async function pointsIssuer(deps: LedgerDeps, input: EarnInput): Promise<OpResult> {
  if (!earnEventTypes.includes(input.eventType)) return { result: 'event_type_unknown' };
  if (!input.eventId) return { result: 'event_id_required' };
  return runOperation(deps, {
    key: `earn:${input.eventId}`,
    type: 'earn',
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

registerPlanner('earn', async ({ deps, op, wallet, now }) => {
  const p = op.payload as { eventId: string; eventType: EarnEventType; occurredAt: Date; subKey: string | null; contracted: boolean; verifiedBy: 'clinic' | 'home' | null };
  const occurredAt = new Date(p.occurredAt);
  // Counters are kept for this and last Shanghai year; older points would already have expired.
  const yearNow = shanghaiYear(now);
  const year = shanghaiYear(occurredAt);
  if (year < yearNow - 1) return { kind: 'reject', fence: false, result: { result: 'not_eligible_event_too_old' } };
  const policy = await policyAt(deps, occurredAt);
  const sub = safe(p.subKey ?? '');
  const keys = {
    day: `d:${shanghaiDate(occurredAt)}:${p.eventType}:${sub}`,
    month: `m:${shanghaiMonthKey(occurredAt)}:${p.eventType}`,
    year: `y:${year}:${p.eventType}`,
    total: `y:${year}`,
  };
  const c = wallet.earnCounters ?? {};
  const earned = pointsForEvent(
    policy,
    { type: p.eventType, subKey: p.subKey ?? undefined, contracted: p.contracted, verifiedBy: p.verifiedBy ?? undefined },
    {
      earnedTodayPoints: c[keys.day] ?? 0,
      earnedThisMonthPoints: c[keys.month] ?? 0,
      earnedThisYearPoints: c[keys.year] ?? 0,
      earnedThisYearTotalPoints: c[keys.total] ?? 0,
    },
  );
  if (earned.reason.startsWith('not_eligible')) return { kind: 'reject', fence: false, result: { result: earned.reason } };
  const lotId = `${op._id}:lot`;
  const expiresAt = expiryFor(policy, occurredAt);
  // Old periods drop out of the counters as they are rewritten.
  const stale = Object.keys(c).filter((key) => Number(/^[dmy]:(\d{4})/.exec(key)?.[1]) < yearNow - 1);
  return {
    kind: 'apply',
    change: {
      balanceDeltaPoints: earned.points,
      heldDeltaPoints: 0,
      inc: earned.points > 0 ? Object.fromEntries(Object.values(keys).map((k) => [`earnCounters.${k}`, earned.points])) : {},
      unset: stale.map((k) => `earnCounters.${k}`),
    },
    entries: [
      {
        type: 'earn',
        points: earned.points,
        heldDeltaPoints: 0,
        cappedPoints: earned.cappedPoints,
        reasonCode: `earn_${p.eventType}`,
        sourceEventId: p.eventId,
        lotId: earned.points > 0 ? lotId : null,
        policyVersion: policy.version,
        actor: systemActor,
      },
    ],
    lotsCreate: earned.points > 0 ? [{ lotId, points: earned.points, earnedAt: occurredAt, expiresAt }] : [],
    result: {
      result: earned.reason,
      points: earned.points,
      cappedPoints: earned.cappedPoints,
      policyVersion: policy.version,
      expiresAt: earned.points > 0 ? expiresAt : null,
    },
  };
});
