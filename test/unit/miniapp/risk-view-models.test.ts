// The services import the Taro runtime; these tests exercise their pure parts.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => '', setStorageSync: () => undefined, removeStorageSync: () => undefined } }));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { cardiovascularRiskView, type CardiovascularRiskView } from '../../../shared/api/risk';
import { parsedNow } from '../../../miniapp/services/apiSchema';
import { formatCalendarDay } from '../../../miniapp/services/displayTime';
import { buildRiskFactorsBody, riskFactorsDraftOf, riskScreenView } from '../../../miniapp/services/risk';

/** The resident's and the doctor's risk screens say only what the service computed, in plain Chinese. */
const risk = (over: Partial<CardiovascularRiskView> = {}): CardiovascularRiskView => ({
  asOf: '2026-03-10',
  applicable: true,
  notApplicableReason: null,
  missing: [],
  tenYear: { riskPercent: 11.1, category: 'high', categoryLabel: '高危' },
  ideal: { riskPercent: 7.1, category: 'medium', categoryLabel: '中危' },
  changes: [{ change: 'lowerSystolicTo120', label: '把收缩压（高压）降到120以下', riskPercent: 9, reductionPercentPoints: 2.1 }],
  lifetime: { applies: false, high: null, factors: [] },
  inputs: {
    sex: 'male',
    ageYears: 60,
    bloodPressure: { value: { systolicMmHg: 130, diastolicMmHg: 80 }, on: '2026-03-10' },
    onAntihypertensiveTreatment: false,
    totalCholesterolMmolL: { value: 5.44, on: '2026-03-10' },
    hdlCholesterolMmolL: { value: 1.42, on: '2026-03-10' },
    ldlCholesterolMmolL: { value: 3.0, on: '2026-03-10' },
    waistCm: { value: 80, on: '2026-03-10' },
    currentSmoker: false,
    diabetes: true,
    urban: true,
    northernChina: true,
    familyHistoryOfAscvd: false,
    ckdStage: null,
  },
  ldlGoal: {
    riskLevel: 'high',
    riskLevelLabel: '高危',
    riskBasis: 'diabetesAtLeast40',
    riskBasisLabel: '糖尿病且年龄≥40岁',
    goalBasis: 'g25Table6',
    ldlBelowMmolL: 1.8,
    nonHdlBelowMmolL: 2.6,
    requiresHalvingFromBaseline: false,
    baselineLdlCholesterolMmolL: 3.0,
    atGoal: false,
  },
  ...over,
});

describe('riskScreenView', () => {
  test('the number, its category, what it means, the ideal, the most helpful change and the lipid goal', () => {
    expect(riskScreenView(risk())).toEqual({
      tenYearText: '11.1%',
      categoryLabel: '高危',
      tone: 'high',
      tenYearSentence: '100个和您情况相近的人中，10年内约有11人会得心肌梗死或脑卒中。',
      idealText: '如果血压、血脂、腰围都达到理想水平，也不吸烟，风险可降到 7.1%（中危）。',
      changes: [{ key: 'lowerSystolicTo120', text: '把收缩压（高压）降到120以下', resultText: '风险降到 9.0%，少 2.1 个百分点' }],
      lifetimeText: null,
      notApplicableText: null,
      missing: [],
      ldlGoalText: '低密度脂蛋白胆固醇（“坏胆固醇”）低于 1.8 mmol/L',
      ldlGoalBasisText: '心血管病风险：高危（糖尿病且年龄≥40岁）',
      ldlStatusText: `最近一次 3 mmol/L（${formatCalendarDay('2026-03-10')}）：未达标`,
      ldlAtGoal: false,
    });
  });

  test('very high risk: the halving from baseline is said; ASCVD on record explains why there is no number', () => {
    const v = riskScreenView(
      risk({ applicable: false, notApplicableReason: 'ascvdOnRecord', tenYear: null, ideal: null, changes: [], ldlGoal: { ...risk().ldlGoal, riskLevel: 'veryHigh', riskLevelLabel: '极高危', requiresHalvingFromBaseline: true } }),
    );
    expect(v.tenYearText).toBeNull();
    expect(v.notApplicableText).toContain('已有心脑血管病');
    expect(v.ldlGoalText).toBe('低密度脂蛋白胆固醇（“坏胆固醇”）低于 1.8 mmol/L，并且比治疗前（3）降低一半以上');
  });

  test('missing inputs are listed as things to do; a lifetime risk is spelled out', () => {
    const v = riskScreenView(
      risk({
        tenYear: null,
        ideal: null,
        changes: [],
        missing: [{ input: 'waist', label: '量一次腰围' }],
        lifetime: { applies: true, high: true, factors: [{ factor: 'smoking', label: '吸烟' }, { factor: 'bmiAtLeast28', label: '肥胖（BMI≥28）' }] },
      }),
    );
    expect(v.missing).toEqual(['量一次腰围']);
    expect(v.lifetimeText).toBe('终生风险偏高：吸烟、肥胖（BMI≥28）。现在开始改变，收益最大。');
  });

  test('an answer of another shape is refused, not shown half', () => {
    expect(() => parsedNow(cardiovascularRiskView, { tenYear: 'high' })).toThrow();
    expect(parsedNow(cardiovascularRiskView, risk())).toEqual(risk());
  });
});

describe('the doctor’s risk-factor form', () => {
  test('pre-filled from what is known; only what is chosen is sent; 无慢性肾病 clears the stage', () => {
    const draft = riskFactorsDraftOf(risk());
    expect(draft).toEqual({ smokingStatus: null, familyHistoryOfAscvd: 'no', areaType: 'urban', region: 'north', ckdStage: null });
    expect(buildRiskFactorsBody(draft)).toEqual({ familyHistoryOfAscvd: false, areaType: 'urban', region: 'north' });
    expect(buildRiskFactorsBody({ ...draft, smokingStatus: 'former', ckdStage: 'none' })).toMatchObject({ smokingStatus: 'former', ckdStage: null });
    expect(buildRiskFactorsBody({ ...draft, ckdStage: '3' })).toMatchObject({ ckdStage: 3 });
  });
});
