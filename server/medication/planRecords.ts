import type { Types } from 'mongoose';
import type { PlanView } from '../../shared/api/medication';
import { folateCourseEndsOn, folateRecheckDueOn, refillDueOn, type LongPrescription } from '../../shared/medication/courses';
import { defaultTimesOfDay, normalizeTimesOfDay, type PlanFacts, type PlanStatus, type PlanVersionFacts } from '../../shared/medication/schedule';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';

/**
 * A stored medication plan read as the shared rules and the app see it. Plans come in two shapes:
 * a clinic system's push (recordSchemas `medicationPlanBody`: "每日 N 次", mg per dose, optional
 * times of day) and the doctor's form (shared/api/medication.ts: times of day, dose text); both
 * are normalized here, once. A folate course without an end date ends the day before its re-check.
 */
export interface StoredVersion {
  version: number;
  effectiveFrom: string;
  recordedAt: Date;
  recordedBy: string;
  requestId?: string | null;
  contentHash: string;
  data: Record<string, unknown>;
}

export interface StoredPlan {
  _id: Types.ObjectId;
  residentId: Types.ObjectId;
  institutionId: string;
  sourceId: string;
  contentHash: string;
  startedOn: string;
  status: string;
  data: Record<string, unknown>;
  version?: number | null;
  versions?: StoredVersion[] | null;
  courseRecheckedOn?: string | null;
  importedAt: Date;
  updatedAt: Date;
}

export interface PlanFields {
  drugName: string;
  doseText: string | null;
  forCondition: string | null;
  timesOfDay: string[];
  startedOn: string;
  endedOn: string | null;
  status: PlanStatus;
  instructions: string | null;
  programmeSubsidised: boolean;
  longPrescription: LongPrescription | null;
  folateCourse: { freeOfCharge: boolean } | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isStaffPlan = (plan: Pick<StoredPlan, 'sourceId'>) => plan.sourceId.startsWith('staff:');

export function planFieldsOf(data: Record<string, unknown>, fallbackStatus?: string): PlanFields {
  const times = Array.isArray(data.timesOfDay) ? normalizeTimesOfDay(data.timesOfDay.filter((t): t is string => typeof t === 'string')) : null;
  const mg = num(data.doseMgPerTime);
  const lp = isRecord(data.longPrescription) ? data.longPrescription : null;
  const course = isRecord(data.folateCourse) ? data.folateCourse : null;
  const startedOn = str(data.startedOn) ?? '';
  const endedOn = str(data.endedOn);
  return {
    drugName: str(data.drugName) ?? '药品',
    doseText: str(data.doseText) ?? (mg !== null ? `${mg}mg` : null),
    forCondition: str(data.forCondition),
    timesOfDay: times ?? defaultTimesOfDay(num(data.timesPerDay)),
    startedOn,
    endedOn: course ? folateCourseEndsOn(startedOn, endedOn) : endedOn,
    status: (str(data.status) ?? fallbackStatus) === 'stopped' ? 'stopped' : 'active',
    instructions: str(data.instructions),
    programmeSubsidised: data.programmeSubsidised === true,
    longPrescription: lp && num(lp.daysSupply) !== null && str(lp.lastDispensedOn) ? { daysSupply: num(lp.daysSupply)!, lastDispensedOn: str(lp.lastDispensedOn)! } : null,
    folateCourse: course ? { freeOfCharge: course.freeOfCharge === true } : null,
  };
}

/** The version history, oldest first; a plan stored before versions existed is its own version 1. */
export function versionsOf(plan: StoredPlan): StoredVersion[] {
  if (plan.versions && plan.versions.length > 0) return [...plan.versions].sort((a, b) => a.version - b.version);
  return [{ version: 1, effectiveFrom: plan.startedOn, recordedAt: plan.importedAt, recordedBy: isStaffPlan(plan) ? 'doctor' : 'integration', contentHash: plan.contentHash, data: { status: plan.status, ...plan.data } }];
}

/** The first version applies from the plan's start (or the day it was recorded, if that came first). */
export function firstEffectiveDay(startedOn: string, recordedAt: Date): string {
  const recorded = shanghaiDate(recordedAt);
  return startedOn && startedOn < recorded ? startedOn : recorded;
}

export function planFactsOf(plan: StoredPlan): PlanFacts {
  const versions: PlanVersionFacts[] = versionsOf(plan).map((v) => {
    const f = planFieldsOf(v.data, plan.status);
    return { version: v.version, effectiveFrom: v.effectiveFrom, status: f.status, startedOn: f.startedOn, endedOn: f.endedOn, timesOfDay: f.timesOfDay };
  });
  return { planId: String(plan._id), versions, trackedFrom: shanghaiDate(plan.importedAt) };
}

export function currentFieldsOf(plan: StoredPlan): PlanFields {
  return planFieldsOf({ status: plan.status, ...plan.data }, plan.status);
}

export function presentPlan(plan: StoredPlan, hcyRecheckedOn: string | null = null): PlanView {
  const f = currentFieldsOf(plan);
  return {
    planId: String(plan._id),
    source: isStaffPlan(plan) ? 'doctor' : 'clinicSystem',
    editable: isStaffPlan(plan),
    version: plan.version ?? 1,
    status: f.status,
    drugName: f.drugName,
    doseText: f.doseText,
    forCondition: f.forCondition,
    timesOfDay: f.timesOfDay,
    startedOn: f.startedOn,
    endedOn: f.endedOn,
    instructions: f.instructions,
    programmeSubsidised: f.programmeSubsidised,
    longPrescription: f.longPrescription ? { ...f.longPrescription, refillDueOn: refillDueOn(f.longPrescription) } : null,
    folateCourse: f.folateCourse
      ? { freeOfCharge: f.folateCourse.freeOfCharge, endsOn: f.endedOn ?? f.startedOn, recheckDueOn: folateRecheckDueOn(f.startedOn), recheckedOn: plan.courseRecheckedOn ?? hcyRecheckedOn }
      : null,
    versions: versionsOf(plan).map((v) => {
      const vf = planFieldsOf(v.data, plan.status);
      return {
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        recordedAt: v.recordedAt.toISOString(),
        recordedBy: v.recordedBy.startsWith('doctor') ? 'doctor' : 'clinicSystem',
        drugName: vf.drugName,
        doseText: vf.doseText,
        timesOfDay: vf.timesOfDay,
        status: vf.status,
        startedOn: vf.startedOn,
        endedOn: vf.endedOn,
      };
    }),
  };
}

/** A resident's plans, newest start first (stopped ones too: their past days still count). */
export async function plansOfResident(deps: AppDeps, residentId: Types.ObjectId): Promise<StoredPlan[]> {
  return deps.models.MedicationPlan.find({ residentId }).sort({ startedOn: -1 }).lean<StoredPlan[]>();
}
