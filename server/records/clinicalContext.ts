import type { Types } from 'mongoose';
import {
  DEFAULT_GLUCOSE_TARGET,
  isHTypeHypertension,
  resolveBpTarget,
  resolveHcyTarget,
  resolveLipidTarget,
  type AscvdRiskLevel,
  type BpTarget,
  type GlucoseTarget,
  type HcyTarget,
  type LipidTarget,
} from '../../shared/clinical';
import { ageInYearsOn, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { ResidentDoc } from '../models/resident';

/**
 * What grading a resident's values needs, resolved with the shared rules from the archive: age,
 * active diagnoses, the doctor's own targets, the latest clinic Hcy. Loaded per request (a few
 * small reads) so a new diagnosis or target applies to the next reading at once.
 */
export type Condition = 'hypertension' | 'hyperglycemia' | 'dyslipidemia' | 'hyperhomocysteinemia';
export const conditions: readonly Condition[] = ['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia'];

export interface ClinicalContext {
  ageYears: number;
  conditions: Condition[];
  hasCkd: boolean;
  heightCm: number | null;
  latestHcyUmolL: number | null;
  hTypeHypertension: boolean;
  targets: { bp: BpTarget; glucose: GlucoseTarget; lipids: LipidTarget & { riskLevel: AscvdRiskLevel }; hcy: HcyTarget };
}

type ResidentForContext = Pick<ResidentDoc, 'birthDate' | 'heightCm' | 'clinicalTargets'> & { _id: Types.ObjectId };

/** Diabetes at 40 or over makes a resident high risk automatically (docs/clinical-rules.md §3; LIPTOOL [S2]). */
export const DIABETES_HIGH_RISK_FROM_AGE_YEARS = 40;

export async function clinicalContextOf(deps: AppDeps, resident: ResidentForContext): Promise<ClinicalContext> {
  const [diagnoses, latestHcyLab] = await Promise.all([
    deps.models.Diagnosis.find({ residentId: resident._id, status: 'active' }, { condition: 1 }).lean(),
    deps.models.LabResult.findOne({ residentId: resident._id, 'data.values.hcyUmolL': { $exists: true } }, { data: 1 }).sort({ measuredAt: -1 }).lean(),
  ]);
  const diagnosed = new Set(diagnoses.map((d) => d.condition));
  const ageYears = ageInYearsOn(resident.birthDate, shanghaiDate(deps.clock.now()));
  const hasDiabetes = diagnosed.has('hyperglycemia');
  const hasCkd = diagnosed.has('ckd');
  const overrides = resident.clinicalTargets ?? null;
  const bpOffice = overrides?.bpOffice?.systolicBelowMmHg && overrides.bpOffice.diastolicBelowMmHg ? overrides.bpOffice : null;
  const bpHome = overrides?.bpHome?.systolicBelowMmHg && overrides.bpHome.diastolicBelowMmHg ? overrides.bpHome : null;
  const bp = resolveBpTarget({
    ageYears,
    hasDiabetes,
    hasCkd,
    ...(bpOffice
      ? {
          doctorOverride: {
            office: { systolicBelowMmHg: bpOffice.systolicBelowMmHg!, diastolicBelowMmHg: bpOffice.diastolicBelowMmHg! },
            ...(bpHome ? { home: { systolicBelowMmHg: bpHome.systolicBelowMmHg!, diastolicBelowMmHg: bpHome.diastolicBelowMmHg! } } : {}),
          },
        }
      : {}),
  });
  const riskLevel: AscvdRiskLevel =
    (overrides?.ascvdRiskLevel as AscvdRiskLevel | null | undefined) ?? (hasDiabetes && ageYears >= DIABETES_HIGH_RISK_FROM_AGE_YEARS ? 'high' : 'low');
  const latestHcyUmolL = (latestHcyLab?.data as { values?: { hcyUmolL?: number } } | undefined)?.values?.hcyUmolL ?? null;
  const hasHypertension = diagnosed.has('hypertension');
  const hTypeHypertension = isHTypeHypertension({ hasHypertension, latestHcyUmolL });
  return {
    ageYears,
    conditions: conditions.filter((c) => diagnosed.has(c)),
    hasCkd,
    heightCm: resident.heightCm ?? null,
    latestHcyUmolL,
    hTypeHypertension,
    targets: {
      bp,
      glucose: DEFAULT_GLUCOSE_TARGET,
      lipids: { ...resolveLipidTarget(riskLevel), riskLevel },
      hcy: resolveHcyTarget({ isHType: hTypeHypertension }),
    },
  };
}
