/**
 * Quarterly 达标 (docs/domain.md §4.2): for each condition a resident is diagnosed with, the most recent
 * CLINIC-VERIFIED value taken in a Shanghai quarter is judged against the resident's target; at
 * target → one domain event `quarterlyAtTarget` (eventId `atTarget:<residentId>:<YYYY-Qn>:<condition>`,
 * unique, so judging a quarter again appends nothing), which the passbook consumer turns into the
 * +100 earning. No clinic value in the quarter → no event, whatever the home readings say.
 *
 * Which values count, per condition (home readings are never read here):
 * - hypertension: office BP (SBP and DBP) of a face-to-face follow-up (门诊 or 家庭 visit), or a
 *   clinic reading (source `clinic`: entered by the team, or pushed from a 健康小屋 kiosk). A phone
 *   follow-up's BP is what the resident reads out from their own monitor, i.e. a home value, so it
 *   does not count; neither do typed or Bluetooth-meter home readings.
 * - hyperglycemia: FPG recorded on a face-to-face follow-up, or a fasting clinic reading (same reasoning).
 * - dyslipidemia: LDL-C of a clinic lab result or screening.
 * - hyperhomocysteinemia: Hcy of a clinic lab result or screening.
 *
 * Targets come from the shared rules as of the quarter's last day: age then (≥ 65 → BP < 150/90,
 * ≥ 80 → < 150/90 even with diabetes), diagnoses then (diabetes / CKD → < 130/80), the doctor's own
 * BP target from the archive, the LDL-C goal from the cardiovascular risk on the clinic values up to
 * the quarter's end (server/records/cardiovascularRisk.ts, with the ≥ 50 % reduction from the
 * baseline at very high risk), H-type from the latest Hcy up to the quarter's end (server/records/clinicalContext.ts
 * resolves the same rules for "today").
 *
 * The reward is earned at the quarter's close: the event's `occurredAt` is the quarter's last
 * instant, so the policy, the contract check ("contracted residents only") and the year the points
 * count towards are those of the quarter's last day.
 *
 * No transactions: each event is one idempotent upsert. A run that dies half-way is run again (the
 * durable job retries it) and appends only what is missing.
 */
import { Types } from 'mongoose';
import {
  DEFAULT_GLUCOSE_TARGET,
  isBpAtTarget,
  isGlucoseAtTarget,
  isHcyAtTarget,
  isHTypeHypertension,
  isLdlAtTarget,
  resolveBpTarget,
  resolveHcyTarget,
  type BpLimit,
  type LdlGoal,
} from '../../shared/clinical';
import { ageInYearsOn, periodOf, shanghaiDate, type Period } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { ldlGoalOf } from '../records/cardiovascularRisk';
import { conditions, type Condition } from '../records/clinicalContext';
import { riskFactsOf } from '../records/riskProfile';
import { domainEventAppender } from '../records/domainEvents';

// ---------------------------------------------------------------------------------------------
// Quarters

const quarterKeyPattern = /^(\d{4})-Q([1-4])$/;

export function isQuarterKey(key: string): boolean {
  return quarterKeyPattern.test(key);
}

/** The Shanghai quarter named by a key such as '2026-Q1'. */
export function quarterPeriodOfKey(key: string): Period {
  const match = quarterKeyPattern.exec(key);
  if (!match) throw new RangeError(`not a quarter key (YYYY-Qn): ${key}`);
  const firstMonth = (Number(match[2]) - 1) * 3 + 1;
  return periodOf(`${match[1]}-${String(firstMonth).padStart(2, '0')}-01`, 'quarter');
}

/** The last quarter that has ended at `now` (the one before the quarter containing it). */
export function lastEndedQuarter(now: Date): Period {
  const current = periodOf(now, 'quarter');
  return periodOf(new Date(current.startsAt.getTime() - 1), 'quarter');
}

export const atTargetEventId = (residentId: Types.ObjectId | string, quarter: string, condition: Condition) => `atTarget:${String(residentId)}:${quarter}:${condition}`;

// ---------------------------------------------------------------------------------------------
// The judgement (pure)

/** A clinic value the judgement may use: where it came from and when. */
export interface ClinicValue<V> {
  source: 'followUp' | 'labResult' | 'clinicReading';
  recordId: string;
  measuredOn: string;
  values: V;
}

export interface ResidentQuarterFacts {
  /** Whole years on the quarter's last day. */
  ageYears: number;
  /** Active diagnoses made by the quarter's last day (the four conditions and CKD). */
  diagnosed: ReadonlySet<string>;
  bpOfficeOverride: BpLimit | null;
  /** The LDL-C goal from the cardiovascular risk as of the quarter's last day (dyslipidemia only). */
  ldlGoal: LdlGoal | null;
  baselineLdlCholesterolMmolL: number | null;
  /** The latest clinic Hcy up to the quarter's end (for H-type), whenever it was taken. */
  latestHcyUmolL: number | null;
  /** The most recent clinic value of each measure inside the quarter, if any. */
  latest: {
    bp: ClinicValue<{ systolicMmHg: number; diastolicMmHg: number }> | null;
    fpg: ClinicValue<{ fastingGlucoseMmolL: number }> | null;
    ldl: ClinicValue<{ ldlCholesterolMmolL: number }> | null;
    hcy: ClinicValue<{ hcyUmolL: number }> | null;
  };
}

export interface ValueSummary {
  source: 'followUp' | 'labResult' | 'clinicReading';
  recordId: string;
  measuredOn: string;
  values: Record<string, number>;
  target: Record<string, number | string | boolean>;
}

export type ConditionJudgement =
  | { condition: Condition; verdict: 'no_clinic_value_in_quarter' }
  | { condition: Condition; verdict: 'at_target' | 'not_at_target'; valueSummary: ValueSummary };

/** Judges every diagnosed condition of one resident for one quarter. */
export function judgeQuarter(facts: ResidentQuarterFacts): ConditionJudgement[] {
  const hasDiabetes = facts.diagnosed.has('hyperglycemia');
  const judged: ConditionJudgement[] = [];
  for (const condition of conditions) {
    if (!facts.diagnosed.has(condition)) continue;
    judged.push(judgeCondition(condition, facts, hasDiabetes));
  }
  return judged;
}

function judgeCondition(condition: Condition, facts: ResidentQuarterFacts, hasDiabetes: boolean): ConditionJudgement {
  const none = { condition, verdict: 'no_clinic_value_in_quarter' } as const;
  const summary = <V extends Record<string, number>>(value: ClinicValue<V>, target: ValueSummary['target']): ValueSummary => ({
    source: value.source,
    recordId: value.recordId,
    measuredOn: value.measuredOn,
    values: { ...value.values },
    target,
  });
  switch (condition) {
    case 'hypertension': {
      const value = facts.latest.bp;
      if (!value) return none;
      const target = resolveBpTarget({
        ageYears: facts.ageYears,
        hasDiabetes,
        hasCkd: facts.diagnosed.has('ckd'),
        ...(facts.bpOfficeOverride ? { doctorOverride: { office: facts.bpOfficeOverride } } : {}),
      });
      const atTarget = isBpAtTarget(value.values, target.office);
      return { condition, verdict: atTarget ? 'at_target' : 'not_at_target', valueSummary: summary(value, { ...target.office, basis: target.basis }) };
    }
    case 'hyperglycemia': {
      const value = facts.latest.fpg;
      if (!value) return none;
      const target = DEFAULT_GLUCOSE_TARGET;
      const atTarget = isGlucoseAtTarget({ timing: 'fasting', glucoseMmolL: value.values.fastingGlucoseMmolL }, target);
      return {
        condition,
        verdict: atTarget ? 'at_target' : 'not_at_target',
        valueSummary: summary(value, { fastingMinMmolL: target.fastingMinMmolL, fastingBelowMmolL: target.fastingBelowMmolL }),
      };
    }
    case 'dyslipidemia': {
      const value = facts.latest.ldl;
      if (!value || !facts.ldlGoal) return none;
      const goal = facts.ldlGoal;
      // Very high and ultra-high risk also need ≥50 % below the baseline, when one is known.
      const baseline = goal.requiresHalvingFromBaseline ? facts.baselineLdlCholesterolMmolL : null;
      const atTarget = isLdlAtTarget({ ldlCholesterolMmolL: value.values.ldlCholesterolMmolL, ...(baseline !== null ? { baselineLdlCholesterolMmolL: baseline } : {}) }, goal);
      return {
        condition,
        verdict: atTarget ? 'at_target' : 'not_at_target',
        valueSummary: summary(value, { ldlBelowMmolL: goal.ldlBelowMmolL, riskLevel: goal.riskLevel, goalBasis: goal.goalBasis, ...(baseline !== null ? { baselineLdlCholesterolMmolL: baseline } : {}) }),
      };
    }
    case 'hyperhomocysteinemia': {
      const value = facts.latest.hcy;
      if (!value) return none;
      const hType = isHTypeHypertension({ hasHypertension: facts.diagnosed.has('hypertension'), latestHcyUmolL: facts.latestHcyUmolL });
      const target = resolveHcyTarget({ isHType: hType });
      const atTarget = isHcyAtTarget(value.values.hcyUmolL, target);
      return { condition, verdict: atTarget ? 'at_target' : 'not_at_target', valueSummary: summary(value, { belowUmolL: target.belowUmolL, hTypeHypertension: hType }) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The run over every resident with a diagnosis

export interface QuarterlyAtTargetReport {
  quarter: string;
  result: 'judged' | 'quarter_not_ended';
  residents: number;
  atTarget: number;
  notAtTarget: number;
  noClinicValue: number;
  /** New events this run (a re-run appends none for conditions already rewarded). */
  eventsAppended: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const residentBatchSize = 200;

/**
 * Judges one ended quarter for every resident with an active diagnosis of one of the four
 * conditions. Residents are taken in id order from the diagnoses (one streaming cursor) and judged
 * in batches, a handful of queries per batch.
 */
export async function quarterlyAtTargetJudge(deps: AppDeps, input: { quarter: string; batchSize?: number }): Promise<QuarterlyAtTargetReport> {
  const period = quarterPeriodOfKey(input.quarter);
  const report: QuarterlyAtTargetReport = { quarter: period.key, result: 'judged', residents: 0, atTarget: 0, notAtTarget: 0, noClinicValue: 0, eventsAppended: 0 };
  // An unfinished quarter could still get a later value that is not at target: never judge it early.
  if (deps.clock.now() < period.endsAt) return { ...report, result: 'quarter_not_ended' };
  const lastDay = shanghaiDate(new Date(period.endsAt.getTime() - 1));
  const batchSize = input.batchSize ?? residentBatchSize;

  const cursor = deps.models.Diagnosis.find({ status: 'active', condition: { $in: conditions }, diagnosedOn: { $lte: lastDay } }, { residentId: 1 })
    .sort({ residentId: 1 })
    .lean()
    .cursor();
  let batch: Types.ObjectId[] = [];
  let previous: string | null = null;
  const flush = async () => {
    if (batch.length === 0) return;
    const ids = batch;
    batch = [];
    await judgeBatch(deps, period, ids, report);
  };
  for await (const diagnosis of cursor) {
    const id = String(diagnosis.residentId);
    if (id === previous) continue;
    previous = id;
    batch.push(diagnosis.residentId);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  deps.logger.info({ report }, 'quarterly at-target judged');
  return report;
}

async function judgeBatch(deps: AppDeps, period: Period, residentIds: Types.ObjectId[], report: QuarterlyAtTargetReport): Promise<void> {
  const firstDay = shanghaiDate(period.startsAt);
  const lastInstant = new Date(period.endsAt.getTime() - 1);
  const lastDay = shanghaiDate(lastInstant);
  const { models } = deps;
  const [residents, diagnoses, followUps, labs, latestHcy, clinicReadings] = await Promise.all([
    models.Resident.find({ _id: { $in: residentIds } }, { birthDate: 1, sex: 1, institutionId: 1, heightCm: 1, clinicalTargets: 1, riskFactors: 1 }).lean(),
    models.Diagnosis.find({ residentId: { $in: residentIds }, status: 'active', diagnosedOn: { $lte: lastDay } }, { residentId: 1, condition: 1 }).lean(),
    // Face-to-face follow-ups of the quarter, newest first (a phone follow-up's values are home values).
    models.FollowUpRecord.find(
      { residentId: { $in: residentIds }, visitedOn: { $gte: firstDay, $lte: lastDay }, mode: { $in: ['clinic', 'home'] } },
      { residentId: 1, visitedOn: 1, 'data.outcome': 1, 'data.signs.systolicMmHg': 1, 'data.signs.diastolicMmHg': 1, 'data.fastingGlucoseMmolL': 1 },
    )
      .sort({ visitedOn: -1, updatedAt: -1 })
      .lean<Array<{ _id: Types.ObjectId; residentId: Types.ObjectId; visitedOn: string; data?: unknown }>>(),
    models.LabResult.find(
      {
        residentId: { $in: residentIds },
        measuredAt: { $gte: period.startsAt, $lt: period.endsAt },
        $or: [{ 'data.values.ldlCholesterolMmolL': { $exists: true } }, { 'data.values.hcyUmolL': { $exists: true } }],
      },
      { residentId: 1, measuredAt: 1, 'data.values.ldlCholesterolMmolL': 1, 'data.values.hcyUmolL': 1 },
    )
      .sort({ measuredAt: -1, updatedAt: -1 })
      .lean<Array<{ _id: Types.ObjectId; residentId: Types.ObjectId; measuredAt: Date; data?: unknown }>>(),
    // Every Hcy up to the quarter's end, newest first (a few per resident: it is re-tested every few years).
    models.LabResult.find({ residentId: { $in: residentIds }, measuredAt: { $lt: period.endsAt }, 'data.values.hcyUmolL': { $exists: true } }, { residentId: 1, measuredAt: 1, 'data.values.hcyUmolL': 1 })
      .sort({ measuredAt: -1 })
      .lean<Array<{ residentId: Types.ObjectId; data?: unknown }>>(),
    // Clinic readings of the quarter (team-entered or kiosk), newest first.
    models.Reading.find({ residentId: { $in: residentIds }, source: 'clinic', measure: { $in: ['bp', 'glucose'] }, measuredAt: { $gte: period.startsAt, $lt: period.endsAt } }, { residentId: 1, measure: 1, measuredAt: 1, values: 1 })
      .sort({ measuredAt: -1 })
      .lean<Array<{ _id: Types.ObjectId; residentId: Types.ObjectId; measure: string; measuredAt: Date; values?: unknown }>>(),
  ]);

  const diagnosedOf = new Map<string, Set<string>>();
  for (const d of diagnoses) {
    const key = String(d.residentId);
    diagnosedOf.set(key, (diagnosedOf.get(key) ?? new Set<string>()).add(d.condition));
  }
  // The LDL-C goal follows the cardiovascular risk as it stood at the quarter's end.
  const riskFacts = await riskFactsOf(deps, residents.filter((r) => diagnosedOf.get(String(r._id))?.has('dyslipidemia')), { asOf: lastInstant });
  const byResident = new Map<string, ResidentQuarterFacts>();
  for (const resident of residents) {
    const bpOffice = resident.clinicalTargets?.bpOffice;
    byResident.set(String(resident._id), {
      ageYears: ageInYearsOn(resident.birthDate, lastDay),
      diagnosed: diagnosedOf.get(String(resident._id)) ?? new Set<string>(),
      bpOfficeOverride:
        bpOffice?.systolicBelowMmHg && bpOffice.diastolicBelowMmHg ? { systolicBelowMmHg: bpOffice.systolicBelowMmHg, diastolicBelowMmHg: bpOffice.diastolicBelowMmHg } : null,
      ldlGoal: riskFacts.has(String(resident._id)) ? ldlGoalOf(riskFacts.get(String(resident._id))!) : null,
      baselineLdlCholesterolMmolL: riskFacts.get(String(resident._id))?.baselineLdlCholesterolMmolL ?? null,
      latestHcyUmolL: null,
      latest: { bp: null, fpg: null, ldl: null, hcy: null },
    });
  }
  for (const h of latestHcy) {
    const facts = byResident.get(String(h.residentId));
    const hcy = num(((h.data ?? {}) as { values?: { hcyUmolL?: unknown } }).values?.hcyUmolL);
    if (facts && facts.latestHcyUmolL === null && hcy !== null) facts.latestHcyUmolL = hcy;
  }
  // Rows are newest first: the first value seen per resident and measure is the most recent.
  for (const f of followUps) {
    const facts = byResident.get(String(f.residentId));
    const data = (f.data ?? {}) as { outcome?: unknown; signs?: { systolicMmHg?: unknown; diastolicMmHg?: unknown }; fastingGlucoseMmolL?: unknown };
    if (!facts || (data.outcome !== undefined && data.outcome !== 'visited')) continue;
    const from = { source: 'followUp' as const, recordId: String(f._id), measuredOn: f.visitedOn };
    const sbp = num(data.signs?.systolicMmHg);
    const dbp = num(data.signs?.diastolicMmHg);
    if (!facts.latest.bp && sbp !== null && dbp !== null) facts.latest.bp = { ...from, values: { systolicMmHg: sbp, diastolicMmHg: dbp } };
    const fpg = num(data.fastingGlucoseMmolL);
    if (!facts.latest.fpg && fpg !== null) facts.latest.fpg = { ...from, values: { fastingGlucoseMmolL: fpg } };
  }
  for (const lab of labs) {
    const facts = byResident.get(String(lab.residentId));
    if (!facts) continue;
    const values = ((lab.data ?? {}) as { values?: { ldlCholesterolMmolL?: unknown; hcyUmolL?: unknown } }).values ?? {};
    const from = { source: 'labResult' as const, recordId: String(lab._id), measuredOn: shanghaiDate(lab.measuredAt) };
    const ldl = num(values.ldlCholesterolMmolL);
    if (!facts.latest.ldl && ldl !== null) facts.latest.ldl = { ...from, values: { ldlCholesterolMmolL: ldl } };
    const hcy = num(values.hcyUmolL);
    if (!facts.latest.hcy && hcy !== null) facts.latest.hcy = { ...from, values: { hcyUmolL: hcy } };
  }

  // A clinic reading counts when it is later than the follow-up value (rows newest first).
  for (const r of clinicReadings) {
    const facts = byResident.get(String(r.residentId));
    if (!facts) continue;
    const from = { source: 'clinicReading' as const, recordId: String(r._id), measuredOn: shanghaiDate(r.measuredAt) };
    const values = (r.values ?? {}) as { mean?: { systolicMmHg?: unknown; diastolicMmHg?: unknown }; timing?: unknown; glucoseMmolL?: unknown };
    const sbp = num(values.mean?.systolicMmHg);
    const dbp = num(values.mean?.diastolicMmHg);
    if (r.measure === 'bp' && sbp !== null && dbp !== null && (!facts.latest.bp || from.measuredOn > facts.latest.bp.measuredOn)) facts.latest.bp = { ...from, values: { systolicMmHg: sbp, diastolicMmHg: dbp } };
    const fpg = values.timing === 'fasting' ? num(values.glucoseMmolL) : null;
    if (r.measure === 'glucose' && fpg !== null && (!facts.latest.fpg || from.measuredOn > facts.latest.fpg.measuredOn)) facts.latest.fpg = { ...from, values: { fastingGlucoseMmolL: fpg } };
  }

  for (const [residentId, facts] of byResident) {
    report.residents += 1;
    for (const judgement of judgeQuarter(facts)) {
      if (judgement.verdict === 'no_clinic_value_in_quarter') {
        report.noClinicValue += 1;
        continue;
      }
      if (judgement.verdict === 'not_at_target') {
        report.notAtTarget += 1;
        continue;
      }
      report.atTarget += 1;
      const { appended } = await domainEventAppender(deps, {
        eventId: atTargetEventId(residentId, period.key, judgement.condition),
        type: 'quarterlyAtTarget',
        residentId: new Types.ObjectId(residentId),
        occurredAt: lastInstant,
        payload: { condition: judgement.condition, quarter: period.key, verifiedBy: 'clinic', valueSummary: judgement.valueSummary },
      });
      if (appended) report.eventsAppended += 1;
    }
  }
}
