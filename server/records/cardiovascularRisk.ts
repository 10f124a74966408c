import type { CardiovascularRiskView, PanelRiskView } from '../../shared/api/risk';
import {
  ascvdRiskBasisLabels,
  ascvdRiskLevelLabels,
  assessCardiovascularRisk,
  CHINA_PAR_INPUT_RANGES,
  chinaPar10YearRisk,
  chinaParCategoryLabels,
  isLdlAtTarget,
  lifetimeRiskFactorLabels,
  resolveLdlGoal,
  riskChangeLabels,
  riskMissingInputLabels,
  type AscvdStratificationInput,
  type ChinaParInput,
  type ChinaParResult,
  type LdlGoal,
  type RiskMissingInput,
} from '../../shared/clinical';
import type { RiskFacts } from './riskProfile';

/**
 * A resident's cardiovascular risk from the facts server/records/riskProfile.ts loads: the China-PAR
 * assessment when it applies and every input is known, the LDL-C goal it feeds (shared/clinical/
 * ascvdRisk.ts: the 10-year risk is step 3 of the stratification) and what is missing, said as what
 * to do. One function for the resident's screen, the doctor's page, the panel, the targets and the
 * quarterly 达标 judgement, so none of them can disagree.
 */
const ASCVD_LEVELS = new Set(['veryHigh', 'ultraHigh']);

export function chinaParInputOf(f: RiskFacts): { input: ChinaParInput | null; missing: RiskMissingInput[]; notApplicable: 'ascvdOnRecord' | 'ageOutOfRange' | null } {
  // China-PAR is for people without cardiovascular disease (2019 guideline); a very-high or
  // ultra-high level on record means the doctor has recorded ASCVD.
  if (f.recordedLevel && ASCVD_LEVELS.has(f.recordedLevel)) return { input: null, missing: [], notApplicable: 'ascvdOnRecord' };
  if (f.ageYears < CHINA_PAR_INPUT_RANGES.ageYears.min || f.ageYears > CHINA_PAR_INPUT_RANGES.ageYears.max) return { input: null, missing: [], notApplicable: 'ageOutOfRange' };
  const missing: RiskMissingInput[] = [];
  if (!f.bp) missing.push('bloodPressure');
  if (!f.totalCholesterolMmolL) missing.push('totalCholesterol');
  if (!f.hdlCholesterolMmolL) missing.push('hdlCholesterol');
  if (!f.waistCm) missing.push('waist');
  if (f.currentSmoker === null) missing.push('smoking');
  if (f.northernChina === null) missing.push('region');
  // The women's equation has no urban or family-history term.
  if (f.sex === 'male' && f.urban === null) missing.push('areaType');
  if (f.sex === 'male' && f.familyHistoryOfAscvd === null) missing.push('familyHistory');
  if (missing.length > 0 || !f.bp || !f.totalCholesterolMmolL || !f.hdlCholesterolMmolL || !f.waistCm) return { input: null, missing, notApplicable: null };
  return {
    input: {
      sex: f.sex,
      ageYears: f.ageYears,
      systolicMmHg: f.bp.value.systolicMmHg,
      onAntihypertensiveTreatment: f.onAntihypertensiveTreatment,
      totalCholesterolMmolL: f.totalCholesterolMmolL.value,
      hdlCholesterolMmolL: f.hdlCholesterolMmolL.value,
      waistCm: f.waistCm.value,
      currentSmoker: f.currentSmoker === true,
      diabetes: f.hasDiabetes,
      urban: f.urban === true,
      northernChina: f.northernChina === true,
      familyHistoryOfAscvd: f.familyHistoryOfAscvd === true,
    },
    missing,
    notApplicable: null,
  };
}

export function stratificationInputOf(f: RiskFacts, chinaParRiskPercent: number | null): AscvdStratificationInput {
  return {
    ageYears: f.ageYears,
    sex: f.sex,
    hasHypertension: f.hasHypertension,
    hasDiabetes: f.hasDiabetes,
    ckdStage: f.ckdStage,
    ldlCholesterolMmolL: f.ldlCholesterolMmolL?.value ?? null,
    totalCholesterolMmolL: f.totalCholesterolMmolL?.value ?? null,
    hdlCholesterolMmolL: f.hdlCholesterolMmolL?.value ?? null,
    currentSmoker: f.currentSmoker,
    chinaParRiskPercent,
    lifetime: {
      systolicMmHg: f.bp?.value.systolicMmHg,
      diastolicMmHg: f.bp?.value.diastolicMmHg,
      totalCholesterolMmolL: f.totalCholesterolMmolL?.value,
      hdlCholesterolMmolL: f.hdlCholesterolMmolL?.value,
      bmi: f.bmi?.value,
      currentSmoker: f.currentSmoker,
    },
    recordedLevel: f.recordedLevel,
  };
}

/** The panel's line: the 10-year category (null when it cannot be computed), lifetime flag, LDL level. */
export function panelRiskOf(f: RiskFacts): PanelRiskView {
  const { input } = chinaParInputOf(f);
  const assessment = input ? assessCardiovascularRisk(input, { diastolicMmHg: f.bp?.value.diastolicMmHg ?? null, bmi: f.bmi?.value ?? null }) : null;
  const goal = resolveLdlGoal(stratificationInputOf(f, assessment?.tenYear.riskPercent ?? null));
  return {
    category: assessment?.tenYear.category ?? null,
    riskPercent: assessment?.tenYear.riskPercent ?? null,
    lifetimeHigh: assessment?.lifetime.applies === true && assessment.lifetime.high,
    ldlRiskLevel: goal.riskLevel,
  };
}

/** The LDL-C goal alone (the targets and the quarterly judgement need no more). */
export function ldlGoalOf(f: RiskFacts): LdlGoal {
  const { input } = chinaParInputOf(f);
  return resolveLdlGoal(stratificationInputOf(f, input ? chinaPar10YearRisk(input).riskPercent : null));
}

const withLabel = (r: ChinaParResult) => ({ ...r, categoryLabel: chinaParCategoryLabels[r.category] });

export function cardiovascularRiskOf(f: RiskFacts, asOfDay: string): CardiovascularRiskView {
  const { input, missing, notApplicable } = chinaParInputOf(f);
  const assessment = input ? assessCardiovascularRisk(input, { diastolicMmHg: f.bp?.value.diastolicMmHg ?? null, bmi: f.bmi?.value ?? null }) : null;
  const goal = resolveLdlGoal(stratificationInputOf(f, assessment?.tenYear.riskPercent ?? null));
  const latestLdl = f.ldlCholesterolMmolL?.value;
  return {
    asOf: asOfDay,
    applicable: notApplicable === null,
    notApplicableReason: notApplicable,
    missing: missing.map((m) => ({ input: m, label: riskMissingInputLabels[m] })),
    tenYear: assessment ? withLabel(assessment.tenYear) : null,
    ideal: assessment ? withLabel(assessment.ideal) : null,
    changes: (assessment?.changes ?? []).map((c) => ({ ...c, label: riskChangeLabels[c.change] })),
    lifetime:
      assessment && assessment.lifetime.applies
        ? { applies: true, high: assessment.lifetime.high, factors: assessment.lifetime.factors.map((factor) => ({ factor, label: lifetimeRiskFactorLabels[factor] })) }
        : { applies: false, high: null, factors: [] },
    inputs: {
      sex: f.sex,
      ageYears: f.ageYears,
      bloodPressure: f.bp,
      onAntihypertensiveTreatment: f.onAntihypertensiveTreatment,
      totalCholesterolMmolL: f.totalCholesterolMmolL,
      hdlCholesterolMmolL: f.hdlCholesterolMmolL,
      ldlCholesterolMmolL: f.ldlCholesterolMmolL,
      waistCm: f.waistCm,
      currentSmoker: f.currentSmoker,
      diabetes: f.hasDiabetes,
      urban: f.urban,
      northernChina: f.northernChina,
      familyHistoryOfAscvd: f.familyHistoryOfAscvd,
      ckdStage: f.ckdStage,
    },
    ldlGoal: {
      riskLevel: goal.riskLevel,
      riskLevelLabel: ascvdRiskLevelLabels[goal.riskLevel],
      riskBasis: goal.riskBasis,
      riskBasisLabel: ascvdRiskBasisLabels[goal.riskBasis],
      goalBasis: goal.goalBasis,
      ldlBelowMmolL: goal.ldlBelowMmolL,
      nonHdlBelowMmolL: goal.nonHdlBelowMmolL,
      requiresHalvingFromBaseline: goal.requiresHalvingFromBaseline,
      baselineLdlCholesterolMmolL: f.baselineLdlCholesterolMmolL,
      atGoal:
        latestLdl === undefined
          ? null
          : isLdlAtTarget({ ldlCholesterolMmolL: latestLdl, ...(f.baselineLdlCholesterolMmolL !== null ? { baselineLdlCholesterolMmolL: f.baselineLdlCholesterolMmolL } : {}) }, goal),
    },
  };
}
