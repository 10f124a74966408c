import { Types } from 'mongoose';
import type { DoseView } from '../../shared/api/medication';
import type { SkipReason } from '../../shared/medication/labels';
import { doseInstant, doseKey, scheduledDoses } from '../../shared/medication/schedule';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { Allowed } from '../authz/authorize';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { notFound, unprocessable } from '../http/errors';
import type { ResidentDoc } from '../models/resident';
import { adherenceRefresher } from './adherence';
import { currentFieldsOf, planFactsOf, plansOfResident, type StoredPlan } from './planRecords';

/**
 * 今天要吃的药 and the one-tap 已服用 / 跳过. Today's doses are the shared schedule of every plan for
 * the Shanghai day; each shows as taken, skipped, overdue (its time has passed unconfirmed — it
 * stays on the list all day) or upcoming. Only today's doses can be marked; a dose is one
 * document by its key, and a later tap the same day replaces the decision.
 */
type ResidentSubject = ResidentDoc & { _id: Types.ObjectId };

interface StoredDose {
  doseKey: string;
  status: 'taken' | 'skipped';
  skipReason?: string | null;
  recordedAt: Date;
  recordedBy: { actingAs: 'resident' | 'proxy' };
}

function present(plan: StoredPlan, day: string, time: string, dose: StoredDose | undefined, now: Date): DoseView {
  const fields = currentFieldsOf(plan);
  const key = doseKey({ planId: String(plan._id), day, time });
  return {
    doseKey: key,
    planId: String(plan._id),
    day,
    time,
    drugName: fields.drugName,
    doseText: fields.doseText,
    state: dose ? dose.status : doseInstant(day, time) <= now ? 'overdue' : 'upcoming',
    skipReason: (dose?.skipReason as SkipReason | null | undefined) ?? null,
    recordedAt: dose ? dose.recordedAt.toISOString() : null,
    recordedBy: dose ? dose.recordedBy.actingAs : null,
  };
}

export async function todaysDoses(deps: AppDeps, residentId: Types.ObjectId): Promise<{ today: string; doses: DoseView[] }> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const plans = await plansOfResident(deps, residentId);
  const byId = new Map(plans.map((p) => [String(p._id), p]));
  const due = scheduledDoses(plans.map(planFactsOf), today);
  const logged = await deps.models.MedicationDose.find({ residentId, day: today }).lean<StoredDose[]>();
  const byKey = new Map(logged.map((d) => [d.doseKey, d]));
  return { today, doses: due.map((d) => present(byId.get(d.planId)!, today, d.time, byKey.get(doseKey(d)), now)) };
}

export interface DoseDecisionInput {
  resident: ResidentSubject;
  actor: AccountActor;
  decision: Allowed;
  planId: string;
  time: string;
  status: 'taken' | 'skipped';
  skipReason?: SkipReason | undefined;
}

export async function doseRecorder(deps: AppDeps, input: DoseDecisionInput) {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const plan = (await deps.models.MedicationPlan.findOne({ _id: input.planId, residentId: input.resident._id }).lean()) as StoredPlan | null;
  if (!plan) throw notFound('medication_plan_not_found');
  const scheduled = scheduledDoses([planFactsOf(plan)], today).some((d) => d.time === input.time);
  if (!scheduled) throw unprocessable('dose_not_scheduled_today', { day: today, time: input.time });
  const key = doseKey({ planId: input.planId, day: today, time: input.time });
  const recordedBy = {
    accountId: new Types.ObjectId(input.actor.accountId),
    actingAs: input.decision.basis === 'proxy' ? ('proxy' as const) : ('resident' as const),
    proxyLinkId: input.decision.proxyLinkId ? new Types.ObjectId(input.decision.proxyLinkId) : null,
  };
  const stored = (await deps.models.MedicationDose.findOneAndUpdate(
    { doseKey: key },
    {
      $set: { status: input.status, skipReason: input.status === 'skipped' ? (input.skipReason ?? 'other') : null, recordedAt: now, recordedBy },
      $setOnInsert: { doseKey: key, residentId: input.resident._id, planId: plan._id, day: today, time: input.time, firstRecordedAt: now },
    },
    { upsert: true, returnDocument: 'after', lean: true },
  ).catch(async (err: unknown) => {
    // Two first taps raced on the upsert: the other one inserted it; apply this tap to it.
    if ((err as { code?: number }).code !== 11000) throw err;
    return deps.models.MedicationDose.findOneAndUpdate(
      { doseKey: key },
      { $set: { status: input.status, skipReason: input.status === 'skipped' ? (input.skipReason ?? 'other') : null, recordedAt: now, recordedBy } },
      { returnDocument: 'after', lean: true },
    );
  })) as StoredDose | null;
  if (!stored) throw new Error(`dose ${key} vanished after its upsert`);
  // The in-app reminder of this dose, if it was sent, is done with.
  await deps.models.Reminder.updateMany({ residentId: input.resident._id, doseKey: key, readAt: null }, { $set: { readAt: now } });
  const adherence = await adherenceRefresher(deps, input.resident);
  return { dose: present(plan, today, input.time, stored, now), adherence };
}
