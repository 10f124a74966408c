import type { Types } from 'mongoose';
import type { AdherenceView } from '../../shared/api/medication';
import { adherenceOf, type DoseDecision } from '../../shared/medication/adherence';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { planFactsOf, plansOfResident } from './planRecords';

/**
 * A resident's adherence over the last 30 and 90 days (shared/medication/adherence.ts) from their
 * plans and confirmed doses, and its snapshot for the panel and the report. The snapshot is
 * refreshed after every dose and plan change, and by the daily job for everyone with a plan
 * (yesterday's unconfirmed doses count against the resident only once the day is over).
 */
export interface AdherencePair {
  last30: AdherenceView;
  last90: AdherenceView;
}

export async function dosesOfResident(deps: AppDeps, residentId: Types.ObjectId, fromDay: string): Promise<DoseDecision[]> {
  const docs = await deps.models.MedicationDose.find({ residentId, day: { $gte: fromDay } }, { planId: 1, day: 1, time: 1, status: 1 }).lean();
  return docs.map((d) => ({ planId: String(d.planId), day: d.day, time: d.time, status: d.status as 'taken' | 'skipped' }));
}

export async function residentAdherence(deps: AppDeps, residentId: Types.ObjectId): Promise<AdherencePair & { activePlans: number; day: string }> {
  const today = shanghaiDate(deps.clock.now());
  const [plans, doses] = await Promise.all([plansOfResident(deps, residentId), dosesOfResident(deps, residentId, addCalendarDays(today, -89))]);
  const facts = plans.map(planFactsOf);
  return {
    day: today,
    activePlans: plans.filter((p) => p.status === 'active').length,
    last30: adherenceOf({ plans: facts, doses, today, windowDays: 30 }),
    last90: adherenceOf({ plans: facts, doses, today, windowDays: 90 }),
  };
}

/**
 * Recomputes and stores one resident's snapshot. The write only replaces a snapshot based on
 * earlier reads (`basedOnAt`), so of two racing refreshes the later one's view is kept.
 */
export async function adherenceRefresher(deps: AppDeps, resident: { _id: Types.ObjectId; institutionId: string; teamId?: string | null }): Promise<AdherencePair> {
  const basedOnAt = deps.clock.now();
  const computed = await residentAdherence(deps, resident._id);
  try {
    await deps.models.AdherenceSnapshot.updateOne(
      { _id: resident._id, $or: [{ basedOnAt: { $lte: basedOnAt } }, { basedOnAt: { $exists: false } }] },
      { $set: { institutionId: resident.institutionId, teamId: resident.teamId ?? null, day: computed.day, basedOnAt, activePlans: computed.activePlans, last30: computed.last30, last90: computed.last90 } },
      { upsert: true },
    );
  } catch (err) {
    // A newer snapshot exists (the guard did not match, so the upsert hit its _id): keep it.
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  return { last30: computed.last30, last90: computed.last90 };
}

/** The daily refresh: every resident with a plan whose snapshot is from an earlier day (or missing). */
export async function staleAdherenceRefresher(deps: AppDeps, options: { batchSize?: number } = {}) {
  const today = shanghaiDate(deps.clock.now());
  const residentIds = (await deps.models.MedicationPlan.distinct('residentId')) as Types.ObjectId[];
  const fresh = new Set((await deps.models.AdherenceSnapshot.find({ day: today }, { _id: 1 }).lean()).map((s) => String(s._id)));
  const stale = residentIds.filter((id) => !fresh.has(String(id)));
  let refreshed = 0;
  const batchSize = options.batchSize ?? 200;
  for (let i = 0; i < stale.length; i += batchSize) {
    const residents = await deps.models.Resident.find({ _id: { $in: stale.slice(i, i + batchSize) } }, { institutionId: 1, teamId: 1 }).lean();
    for (const resident of residents) {
      await adherenceRefresher(deps, resident);
      refreshed += 1;
    }
  }
  return { refreshed };
}
