import type { Types } from 'mongoose';
import {
  ckdStageFromEgfr,
  computeBmi,
  screeningRiskReasons,
  type AscvdRiskLevel,
  type CkdStage,
  type ScreeningRiskReason,
} from '../../shared/clinical';
import type { ComplicationScreeningKind } from '../../shared/followup/dueEngine';
import { ageInYearsOn, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';

/**
 * The clinic-verified facts behind a resident's cardiovascular risk, their LDL-C goal and the
 * diabetic and screening due items, as of a day: the latest office BP (a clinic or home visit's
 * form, a screening or lab result — never a home reading, as China-PAR's cohort was measured in the
 * clinic), the latest lipids, waist and weight, smoking (the latest of the follow-up's 日吸烟量 and
 * the recorded status), antihypertensive treatment, the CKD stage, the baseline LDL-C, the latest
 * HbA1c, the annual complication screening and the latest screening's risks.
 *
 * Loaded for many residents at once (the doctor's panel) with one query per collection.
 */
type ResidentForRisk = {
  _id: Types.ObjectId;
  institutionId: string;
  birthDate: string;
  sex: string;
  heightCm?: number | null;
  clinicalTargets?: { ascvdRiskLevel?: string | null } | null;
  riskFactors?: {
    smokingStatus?: string | null;
    smokingRecordedAt?: Date | null;
    familyHistoryOfAscvd?: boolean | null;
    areaType?: string | null;
    region?: string | null;
    ckdStage?: number | null;
  } | null;
};

export interface Dated<V> {
  value: V;
  on: string;
}

export interface RiskFacts {
  sex: 'male' | 'female';
  ageYears: number;
  hasHypertension: boolean;
  hasDiabetes: boolean;
  hasCkd: boolean;
  ckdStage: CkdStage | null;
  recordedLevel: AscvdRiskLevel | null;
  familyHistoryOfAscvd: boolean | null;
  urban: boolean | null;
  northernChina: boolean | null;
  currentSmoker: boolean | null;
  onAntihypertensiveTreatment: boolean;
  bp: Dated<{ systolicMmHg: number; diastolicMmHg: number }> | null;
  totalCholesterolMmolL: Dated<number> | null;
  hdlCholesterolMmolL: Dated<number> | null;
  ldlCholesterolMmolL: Dated<number> | null;
  /** The untreated LDL-C the ≥50 % reduction is judged against (see `baselineLdlOf`). */
  baselineLdlCholesterolMmolL: number | null;
  waistCm: Dated<number> | null;
  bmi: Dated<number> | null;
  hba1c: Dated<number> | null;
  complicationScreening: Partial<Record<ComplicationScreeningKind, string>>;
  lastScreening: { on: string; reasons: ScreeningRiskReason[] } | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const levels: readonly AscvdRiskLevel[] = ['low', 'medium', 'high', 'veryHigh', 'ultraHigh'];

type Observation = { on: string; source: 'followUp' | 'lab'; values: Record<string, unknown>; exams: Record<string, unknown>; kind: string };

/** The newer of the two; fed oldest first, so a later record of the same day wins. */
function latest<V>(current: Dated<V> | null, value: V | null, on: string): Dated<V> | null {
  if (value === null) return current;
  return current === null || on >= current.on ? { value, on } : current;
}

/**
 * How the records are selected: one resident by equality (an index lookup on MongoDB and on
 * FerretDB, which does not push `$in` down); several by `$in` (the jobs); a whole team by its
 * institution (the doctor's panel: an equality, then narrowed to the residents in code — records
 * another institution pushed for them are then not seen there, only on the resident's own pages).
 */
export type RiskFactsScope = 'residents' | 'institution';

export async function riskFactsOf(
  deps: Pick<AppDeps, 'models' | 'clock'>,
  residents: readonly ResidentForRisk[],
  options: { asOf?: Date; scope?: RiskFactsScope } = {},
): Promise<Map<string, RiskFacts>> {
  const { models } = deps;
  if (residents.length === 0) return new Map();
  const asOf = options.asOf ?? deps.clock.now();
  const asOfDay = shanghaiDate(asOf);
  const institutionIds = [...new Set(residents.map((r) => r.institutionId))];
  const scopes: Array<Record<string, unknown>> =
    options.scope === 'institution'
      ? institutionIds.map((institutionId) => ({ institutionId }))
      : [{ residentId: residents.length === 1 ? residents[0]!._id : { $in: residents.map((r) => r._id) } }];
  const each = async <T>(query: (scope: Record<string, unknown>) => Promise<T[]>) => (await Promise.all(scopes.map(query))).flat();
  const [institutions, diagnoses, labs, followUps, plans] = await Promise.all([
    Promise.all(institutionIds.map((_id) => models.Institution.findById(_id, { areaType: 1, region: 1 }).lean())).then((found) => found.filter((i) => i !== null)),
    each((scope) => models.Diagnosis.find({ ...scope, status: 'active', diagnosedOn: { $lte: asOfDay } }, { residentId: 1, condition: 1, data: 1 }).lean()),
    each((scope) => models.LabResult.find({ ...scope, measuredAt: { $lte: asOf } }, { residentId: 1, kind: 1, measuredAt: 1, data: 1 }).lean()),
    each((scope) => models.FollowUpRecord.find({ ...scope, visitedOn: { $lte: asOfDay } }, { residentId: 1, form: 1, mode: 1, visitedOn: 1, importedAt: 1, data: 1 }).lean()),
    each((scope) => models.MedicationPlan.find({ ...scope, startedOn: { $lte: asOfDay } }, { residentId: 1, startedOn: 1, status: 1, data: 1 }).lean()),
  ]);
  // Oldest first (sorted here: several scopes are concatenated); same-day follow-ups in recorded order.
  labs.sort((a, b) => a.measuredAt.getTime() - b.measuredAt.getTime());
  followUps.sort((a, b) => a.visitedOn.localeCompare(b.visitedOn) || a.importedAt.getTime() - b.importedAt.getTime() || String(a._id).localeCompare(String(b._id)));
  const areaOf = new Map(institutions.map((i) => [String(i._id), i]));
  const group = <T extends { residentId: Types.ObjectId }>(rows: readonly T[]) => {
    const byResident = new Map<string, T[]>();
    for (const row of rows) (byResident.get(String(row.residentId)) ?? byResident.set(String(row.residentId), []).get(String(row.residentId))!).push(row);
    return byResident;
  };
  const diagnosesOf = group(diagnoses);
  const labsOf = group(labs);
  const followUpsOf = group(followUps);
  const plansOf = group(plans);

  const result = new Map<string, RiskFacts>();
  for (const resident of residents) {
    const id = String(resident._id);
    const dx = diagnosesOf.get(id) ?? [];
    const has = (condition: string) => dx.some((d) => d.condition === condition);
    const institution = areaOf.get(resident.institutionId);
    const rf = resident.riskFactors ?? {};
    const sex = resident.sex === 'female' ? 'female' : 'male';

    // Oldest first, follow-ups and labs merged by day: each later value replaces the earlier.
    const observations: Observation[] = [
      ...(followUpsOf.get(id) ?? [])
        .filter((f) => ((f.data as { outcome?: string } | undefined)?.outcome ?? 'visited') === 'visited')
        .map((f): Observation => {
          const data = (f.data ?? {}) as { signs?: Record<string, unknown>; fastingGlucoseMmolL?: unknown };
          const signs = data.signs ?? {};
          const office = f.mode !== 'phone'; // a phone follow-up's BP is the resident's own monitor
          return {
            on: f.visitedOn,
            source: 'followUp',
            kind: f.form,
            exams: {},
            values: {
              ...(office ? { systolicMmHg: signs.systolicMmHg, diastolicMmHg: signs.diastolicMmHg } : {}),
              waistCm: office ? signs.waistCm : undefined,
              weightKg: office ? (signs.weightKg as { now?: unknown } | undefined)?.now : undefined,
            },
          };
        }),
      ...(labsOf.get(id) ?? []).map((l): Observation => {
        const data = (l.data ?? {}) as { values?: Record<string, unknown>; exams?: Record<string, unknown> };
        return { on: shanghaiDate(l.measuredAt), source: 'lab', kind: l.kind, values: data.values ?? {}, exams: data.exams ?? {} };
      }),
    ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

    const facts: RiskFacts = {
      sex,
      ageYears: ageInYearsOn(resident.birthDate, asOfDay),
      hasHypertension: has('hypertension'),
      hasDiabetes: has('hyperglycemia'),
      hasCkd: has('ckd') || typeof rf.ckdStage === 'number',
      ckdStage: null,
      recordedLevel: levels.find((l) => l === resident.clinicalTargets?.ascvdRiskLevel) ?? null,
      familyHistoryOfAscvd: rf.familyHistoryOfAscvd ?? null,
      urban: areaTypeOf(rf.areaType ?? institution?.areaType),
      northernChina: regionOf(rf.region ?? institution?.region),
      currentSmoker: null,
      onAntihypertensiveTreatment: false,
      bp: null,
      totalCholesterolMmolL: null,
      hdlCholesterolMmolL: null,
      ldlCholesterolMmolL: null,
      baselineLdlCholesterolMmolL: null,
      waistCm: null,
      bmi: null,
      hba1c: null,
      complicationScreening: {},
      lastScreening: null,
    };
    let egfr: number | null = null;
    const ldlHistory: Array<Dated<number>> = [];
    for (const o of observations) {
      const v = o.values;
      const sbp = num(v.systolicMmHg);
      const dbp = num(v.diastolicMmHg);
      if (sbp !== null && dbp !== null) facts.bp = latest(facts.bp, { systolicMmHg: sbp, diastolicMmHg: dbp }, o.on);
      facts.totalCholesterolMmolL = latest(facts.totalCholesterolMmolL, num(v.totalCholesterolMmolL), o.on);
      facts.hdlCholesterolMmolL = latest(facts.hdlCholesterolMmolL, num(v.hdlCholesterolMmolL), o.on);
      const ldl = num(v.ldlCholesterolMmolL);
      facts.ldlCholesterolMmolL = latest(facts.ldlCholesterolMmolL, ldl, o.on);
      if (ldl !== null) ldlHistory.push({ value: ldl, on: o.on });
      facts.waistCm = latest(facts.waistCm, num(v.waistCm), o.on);
      const weight = num(v.weightKg);
      if (weight !== null && resident.heightCm) facts.bmi = latest(facts.bmi, computeBmi(weight, resident.heightCm), o.on);
      facts.hba1c = latest(facts.hba1c, num(v.hba1cPercent), o.on);
      if (num(v.egfrMlPerMin) !== null) {
        egfr = num(v.egfrMlPerMin);
        facts.complicationScreening.egfrCheck = o.on;
      }
      if (num(v.uacrMgPerG) !== null) facts.complicationScreening.urineAlbuminCheck = o.on;
      if (typeof o.exams.fundus === 'string') facts.complicationScreening.eyeExam = o.on;
      if (typeof o.exams.foot === 'string') facts.complicationScreening.footExam = o.on;
      if (o.source === 'lab' && o.kind === 'screening') {
        facts.lastScreening = {
          on: o.on,
          reasons: screeningRiskReasons({ sex, systolicMmHg: sbp, diastolicMmHg: dbp, waistCm: num(v.waistCm), bmi: weight !== null && resident.heightCm ? computeBmi(weight, resident.heightCm) : null }),
        };
      }
    }
    // A follow-up's HbA1c carries its own date (the form's "HbA1c with date").
    for (const f of followUpsOf.get(id) ?? []) {
      const data = (f.data ?? {}) as { hba1cPercent?: unknown; hba1cOn?: unknown };
      const percent = num(data.hba1cPercent);
      if (percent !== null) facts.hba1c = latest(facts.hba1c, percent, typeof data.hba1cOn === 'string' ? data.hba1cOn : f.visitedOn);
    }

    facts.currentSmoker = smokerOf(followUpsOf.get(id) ?? [], rf);
    facts.onAntihypertensiveTreatment = treatedFor(plansOf.get(id) ?? [], followUpsOf.get(id) ?? [], asOfDay);
    const recordedStage = num(rf.ckdStage) ?? num((dx.find((d) => d.condition === 'ckd')?.data as { ckdStage?: unknown } | undefined)?.ckdStage);
    facts.ckdStage = (recordedStage as CkdStage | null) ?? (facts.hasCkd && egfr !== null ? ckdStageFromEgfr(egfr) : null);
    facts.baselineLdlCholesterolMmolL = baselineLdlOf(ldlHistory, plansOf.get(id) ?? []);
    result.set(id, facts);
  }
  return result;
}

const areaTypeOf = (v: string | null | undefined): boolean | null => (v === 'urban' ? true : v === 'rural' ? false : null);
const regionOf = (v: string | null | undefined): boolean | null => (v === 'north' ? true : v === 'south' ? false : null);

/** The newer of the latest follow-up's 日吸烟量 (now) and the recorded status; unknown if neither. */
function smokerOf(followUps: ReadonlyArray<{ visitedOn: string; data?: unknown }>, rf: NonNullable<ResidentForRisk['riskFactors']>): boolean | null {
  let fromForm: Dated<boolean> | null = null;
  for (const f of followUps) {
    const now = num((f.data as { lifestyle?: { cigarettesPerDay?: { now?: unknown } } } | undefined)?.lifestyle?.cigarettesPerDay?.now);
    if (now !== null) fromForm = { value: now > 0, on: f.visitedOn };
  }
  const status = rf.smokingStatus;
  const fromStatus = status === 'current' || status === 'former' || status === 'never' ? { value: status === 'current', on: rf.smokingRecordedAt ? shanghaiDate(rf.smokingRecordedAt) : '' } : null;
  if (fromForm && fromStatus) return fromForm.on > fromStatus.on ? fromForm.value : fromStatus.value;
  return fromForm?.value ?? fromStatus?.value ?? null;
}

/**
 * "Treated" as China-PAR means it (antihypertensive drugs in the last 2 weeks): an active plan for
 * hypertension, or the latest hypertension follow-up listing medicines.
 */
function treatedFor(
  plans: ReadonlyArray<{ status: string; startedOn: string; data?: unknown }>,
  followUps: ReadonlyArray<{ form: string; data?: unknown }>,
  asOfDay: string,
): boolean {
  const activePlan = plans.some((p) => {
    const data = (p.data ?? {}) as { forCondition?: string; endedOn?: string | null };
    return p.status === 'active' && data.forCondition === 'hypertension' && (!data.endedOn || data.endedOn >= asOfDay);
  });
  if (activePlan) return true;
  const lastHtn = [...followUps].reverse().find((f) => f.form === 'hypertension' && ((f.data as { outcome?: string } | undefined)?.outcome ?? 'visited') === 'visited');
  const medications = (lastHtn?.data as { medications?: unknown[] } | undefined)?.medications;
  return Array.isArray(medications) && medications.length > 0;
}

/**
 * The LDL-C the "≥50 % from baseline" of very-high and ultra-high risk (LIP23 table 6) is judged
 * against: the latest value before the first lipid-lowering plan started; with no such plan on
 * record, the earliest value on record (nothing says it was treated). A plan without an earlier
 * value leaves no baseline, so only the absolute goal is judged.
 */
export function baselineLdlOf(history: ReadonlyArray<Dated<number>>, plans: ReadonlyArray<{ startedOn: string; data?: unknown }>): number | null {
  const lipidStarts = plans.filter((p) => (p.data as { forCondition?: string } | undefined)?.forCondition === 'dyslipidemia').map((p) => p.startedOn).sort();
  const firstStart = lipidStarts[0];
  if (firstStart === undefined) return history[0]?.value ?? null;
  const before = history.filter((h) => h.on < firstStart);
  return before.at(-1)?.value ?? null;
}
