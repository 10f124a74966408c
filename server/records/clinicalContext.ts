import type { Types } from 'mongoose';
import {
  DEFAULT_GLUCOSE_TARGET,
  isHTypeHypertension,
  resolveBpTarget,
  resolveHcyTarget,
  type AscvdRiskBasis,
  type AscvdRiskLevel,
  type LdlGoalBasis,
  type BpTarget,
  type GlucoseTarget,
  type HcyTarget,
  type LipidTarget,
} from '../../shared/clinical';
import { ageInYearsOn, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { ResidentDoc } from '../models/resident';
import { ldlGoalOf } from './cardiovascularRisk';
import { riskFactsOf, type RiskFacts } from './riskProfile';

/**
 * What grading a resident's values needs, resolved with the shared rules from the archive: age,
 * active diagnoses, the doctor's own targets, the latest clinic Hcy, and the LDL-C goal from the
 * resident's cardiovascular risk (server/records/cardiovascularRisk.ts). Loaded per request (a few
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
  /** The untreated LDL-C the very-high-risk "≥50 % reduction" is judged against (null: none known). */
  baselineLdlCholesterolMmolL: number | null;
  targets: { bp: BpTarget; glucose: GlucoseTarget; lipids: LipidTarget & { riskLevel: AscvdRiskLevel; riskBasis: AscvdRiskBasis; goalBasis: LdlGoalBasis }; hcy: HcyTarget };
}

export type ResidentForContext = Pick<ResidentDoc, 'birthDate' | 'heightCm' | 'clinicalTargets' | 'sex' | 'institutionId' | 'riskFactors'> & { _id: Types.ObjectId };

/** `riskFacts`: the resident's, when the caller has loaded them already (server/records/riskProfile.ts). */
export async function clinicalContextOf(deps: AppDeps, resident: ResidentForContext, riskFacts?: RiskFacts): Promise<ClinicalContext> {
  const [diagnoses, latestHcyLab, facts] = await Promise.all([
    deps.models.Diagnosis.find({ residentId: resident._id, status: 'active' }, { condition: 1 }).lean(),
    deps.models.LabResult.findOne({ residentId: resident._id, 'data.values.hcyUmolL': { $exists: true } }, { data: 1 }).sort({ measuredAt: -1 }).lean(),
    riskFacts ?? riskFactsOf(deps, [resident]).then((all) => all.get(String(resident._id))!),
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
  const ldlGoal = ldlGoalOf(facts);
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
    baselineLdlCholesterolMmolL: facts.baselineLdlCholesterolMmolL,
    targets: {
      bp,
      glucose: DEFAULT_GLUCOSE_TARGET,
      lipids: ldlGoal,
      hcy: resolveHcyTarget({ isHType: hTypeHypertension }),
    },
  };
}
