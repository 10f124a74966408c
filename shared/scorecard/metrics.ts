/**
 * 家庭医生签约服务履约考核: the scorecard of a team or an institution for a period. Each figure is
 * computed here from counts the service gathers (server/scorecard), and carries the formula the page
 * and the CSV show next to it, so whoever reads a number can check how it was made.
 *
 * Sources of the counts (all for the period, per team; an institution adds up its teams):
 * - contracts, first visits and the contracted residents: the report's resident-year facts
 *   (server/reports/aggregates.ts);
 * - 规范管理 and 控制 (hypertension, diabetes): the programme report's own figures
 *   (server/reports/programmeReport.ts, docs/clinical-rules.md §5.6);
 * - 血脂 / Hcy 达标: the quarterly 达标 judgements on clinic-verified values
 *   (server/passbook/quarterlyAtTarget.ts, docs/domain.md §4.2);
 * - referrals, satisfaction answers and the ledger's points.
 */
export const scorecardCountKeys = [
  'contractedResidents',
  'contractsSigned',
  'contractsRenewed',
  'htnManaged',
  'htnSpec',
  'htnControlled',
  'dmManaged',
  'dmSpec',
  'dmControlled',
  'lipidManaged',
  'lipidAtTarget',
  'hcyManaged',
  'hcyAtTarget',
  'firstVisitResidents',
  'referralsUp',
  'referralsDown',
  'surveyResponses',
  'surveySatisfied',
  'surveyScoreSum',
  'pointsIssued',
  'pointsRedeemed',
] as const;
export type ScorecardCountKey = (typeof scorecardCountKeys)[number];
export type ScorecardCounts = Record<ScorecardCountKey, number>;

export const emptyScorecardCounts = (): ScorecardCounts => Object.fromEntries(scorecardCountKeys.map((k) => [k, 0])) as ScorecardCounts;

export function addScorecardCounts(into: ScorecardCounts, add: Partial<ScorecardCounts>): ScorecardCounts {
  for (const key of scorecardCountKeys) into[key] += add[key] ?? 0;
  return into;
}

export type MetricUnit = 'count' | 'rate' | 'score' | 'pointsPerResident';

export interface MetricDefinition {
  key: string;
  label: string;
  unit: MetricUnit;
  /** How the figure is made, in the words shown beside it. */
  formula: string;
  numerator: ScorecardCountKey;
  /** Absent for plain counts. */
  denominator?: ScorecardCountKey;
}

export const scorecardMetrics: readonly MetricDefinition[] = [
  { key: 'contractsSigned', label: '新签约人数', unit: 'count', numerator: 'contractsSigned', formula: '期内开始的签约中，居民此前没有签约过的份数' },
  { key: 'contractsRenewed', label: '续约人数', unit: 'count', numerator: 'contractsRenewed', formula: '期内开始的签约中，居民此前已有签约的份数' },
  { key: 'htnSpecRate', label: '高血压规范管理率', unit: 'rate', numerator: 'htnSpec', denominator: 'htnManaged', formula: '规范管理的高血压患者数 ÷ 管理的高血压患者数（同项目统计）' },
  { key: 'dmSpecRate', label: '糖尿病规范管理率', unit: 'rate', numerator: 'dmSpec', denominator: 'dmManaged', formula: '规范管理的糖尿病患者数 ÷ 管理的糖尿病患者数（同项目统计）' },
  { key: 'htnControlRate', label: '高血压达标率（血压控制率）', unit: 'rate', numerator: 'htnControlled', denominator: 'htnManaged', formula: '期内最近一次随访血压达标的患者数 ÷ 管理的高血压患者数（同项目统计）' },
  { key: 'dmControlRate', label: '糖尿病达标率（血糖控制率）', unit: 'rate', numerator: 'dmControlled', denominator: 'dmManaged', formula: '期内最近一次随访空腹血糖 < 7.0 的患者数 ÷ 管理的糖尿病患者数（同项目统计）' },
  { key: 'lipidAtTargetRate', label: '血脂异常达标率', unit: 'rate', numerator: 'lipidAtTarget', denominator: 'lipidManaged', formula: '期内至少一个季度按诊所检验值血脂达标的患者数 ÷ 签约且确诊血脂异常的居民数' },
  { key: 'hcyAtTargetRate', label: '高同型半胱氨酸达标率', unit: 'rate', numerator: 'hcyAtTarget', denominator: 'hcyManaged', formula: '期内至少一个季度按诊所检验值 Hcy 达标的患者数 ÷ 签约且确诊高同型半胱氨酸血症的居民数' },
  { key: 'firstVisitResidents', label: '基层首诊人数', unit: 'count', numerator: 'firstVisitResidents', formula: '期内至少一次由本团队门诊或上门面对面随访的签约居民数' },
  { key: 'referralsUp', label: '上转人次', unit: 'count', numerator: 'referralsUp', formula: '期内本团队发起的上转（撤销的不计）' },
  { key: 'referralsDown', label: '下转人次', unit: 'count', numerator: 'referralsDown', formula: '期内上级医院转回本团队的人次' },
  { key: 'satisfactionRate', label: '居民满意率', unit: 'rate', numerator: 'surveySatisfied', denominator: 'surveyResponses', formula: '总体评价 4 分及以上的问卷数 ÷ 回答的问卷数' },
  { key: 'satisfactionScore', label: '满意度平均分（满分 5 分）', unit: 'score', numerator: 'surveyScoreSum', denominator: 'surveyResponses', formula: '各问卷总体评价分之和 ÷ 回答的问卷数' },
  { key: 'pointsIssuedPerResident', label: '人均发放积分', unit: 'pointsPerResident', numerator: 'pointsIssued', denominator: 'contractedResidents', formula: '期内签约居民获得的积分之和 ÷ 期内签约居民数' },
  { key: 'pointsRedeemedPerResident', label: '人均抵扣积分', unit: 'pointsPerResident', numerator: 'pointsRedeemed', denominator: 'contractedResidents', formula: '期内签约居民抵扣的积分（扣除退款退回）之和 ÷ 期内签约居民数' },
];

export interface MetricValue {
  key: string;
  /** null when the denominator is 0: nothing to measure. */
  value: number | null;
  numerator: number;
  denominator: number | null;
}

/** Rates to 4 decimals (as the programme report), scores and points per resident to 2. */
const decimalsOf: Record<MetricUnit, number> = { count: 0, rate: 4, score: 2, pointsPerResident: 2 };

export function metricValues(counts: ScorecardCounts): MetricValue[] {
  return scorecardMetrics.map((m) => {
    const numerator = counts[m.numerator];
    if (!m.denominator) return { key: m.key, value: numerator, numerator, denominator: null };
    const denominator = counts[m.denominator];
    const scale = 10 ** decimalsOf[m.unit];
    return { key: m.key, value: denominator > 0 ? Math.round((numerator / denominator) * scale) / scale : null, numerator, denominator };
  });
}
