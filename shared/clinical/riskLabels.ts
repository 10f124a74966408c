import type { AscvdRiskBasis } from './ascvdRisk';
import type { LifetimeRiskFactor } from './cardiovascularRisk';
import type { ChinaParCategory } from './chinaPar';
import type { AscvdRiskLevel } from './lipids';

/** Plain-Chinese words for the cardiovascular risk, shared by the service, the resident's and the doctor's screens. */
export const chinaParCategoryLabels: Record<ChinaParCategory, string> = { low: '低危', medium: '中危', high: '高危' };

export const ascvdRiskLevelLabels: Record<AscvdRiskLevel, string> = { low: '低危', medium: '中危', high: '高危', veryHigh: '极高危', ultraHigh: '超高危' };

export const ascvdRiskBasisLabels: Record<AscvdRiskBasis, string> = {
  recordedByDoctor: '医生评定（已有心脑血管病）',
  ldlAtLeast4_9OrTcAtLeast7_2: '低密度脂蛋白≥4.9或总胆固醇≥7.2',
  diabetesAtLeast40: '糖尿病且年龄≥40岁',
  ckdStage3To4: '慢性肾脏病3–4期',
  chinaPar: '10年心血管病风险评估',
  riskFactorGrid: '按危险因素个数和胆固醇水平评估',
  lifetimeRiskFactors: '中危且有2个及以上终生风险因素',
  insufficientData: '资料不全，暂按低危',
};

export const lifetimeRiskFactorLabels: Record<LifetimeRiskFactor, string> = {
  bpAtLeast160Or100: '血压≥160/100',
  nonHdlAtLeast5_2: '非高密度脂蛋白胆固醇≥5.2',
  hdlBelow1_0: '高密度脂蛋白胆固醇<1.0',
  bmiAtLeast28: '肥胖（BMI≥28）',
  smoking: '吸烟',
};

/** What the 10-year risk still needs, said as what to do. */
export type RiskMissingInput = 'bloodPressure' | 'totalCholesterol' | 'hdlCholesterol' | 'waist' | 'smoking' | 'region' | 'areaType' | 'familyHistory';

export const riskMissingInputLabels: Record<RiskMissingInput, string> = {
  bloodPressure: '到社区测一次血压',
  totalCholesterol: '抽血查血脂（总胆固醇）',
  hdlCholesterol: '抽血查血脂（高密度脂蛋白）',
  waist: '量一次腰围',
  smoking: '告诉医生是否吸烟',
  region: '登记居住地在长江以北还是以南',
  areaType: '登记居住在城市还是农村',
  familyHistory: '告诉医生家里人是否得过心梗或脑卒中',
};
