import { z } from 'zod';

/**
 * Cardiovascular risk (疾病风险评估): the request and response schemas shared by the service's routes
 * and the mini-program services that parse their answers (server/routes/risk.ts,
 * miniapp/services/risk.ts). The rules are in shared/clinical (chinaPar.ts, cardiovascularRisk.ts,
 * ascvdRisk.ts); the facts they read are loaded by server/records/riskProfile.ts.
 */

/**
 * What the risk rules need beyond the archive: the integration API's archive `riskFactors` and the
 * doctor's 风险因素 form. Every field optional: only what is sent changes; null clears a value.
 */
export const riskFactorsBody = z
  .object({
    smokingStatus: z.enum(['never', 'former', 'current']).nullable().optional().describe('吸烟：从不 / 已戒烟 / 现在吸烟'),
    familyHistoryOfAscvd: z.boolean().nullable().optional().describe('父母或兄弟姐妹患过心肌梗死或脑卒中（心脑血管病家族史）'),
    areaType: z.enum(['urban', 'rural']).nullable().optional().describe('居住地：城市 / 农村'),
    region: z.enum(['north', 'south']).nullable().optional().describe('居住地在长江以北 / 以南'),
    ckdStage: z.number().int().min(1).max(5).nullable().optional().describe('慢性肾脏病分期（1–5期）；无慢性肾病留空'),
  })
  .strict();
export type RiskFactorsBody = z.output<typeof riskFactorsBody>;

export const staffRiskFactorsBody = riskFactorsBody.meta({
  description: '医生登记心血管风险评估所需的信息；只改提交的项目，null 表示清除',
  examples: [{ smokingStatus: 'current', familyHistoryOfAscvd: false, areaType: 'urban', region: 'north' }],
});

const dated = <T extends z.ZodType>(value: T) => z.object({ value, on: z.string() }).nullable();
const riskResult = z.object({ riskPercent: z.number(), category: z.enum(['low', 'medium', 'high']), categoryLabel: z.string() });

export const cardiovascularRiskView = z.object({
  asOf: z.string().describe('按哪一天的资料计算（上海日期）'),
  applicable: z.boolean().describe('China-PAR 适用：20–85 岁、尚无心脑血管病'),
  notApplicableReason: z.enum(['ascvdOnRecord', 'ageOutOfRange']).nullable(),
  missing: z.array(z.object({ input: z.string(), label: z.string() })).describe('还缺哪些资料才能算出10年风险（怎么补）'),
  tenYear: riskResult.nullable().describe('10年心血管病（ASCVD）发病风险'),
  ideal: riskResult.nullable().describe('各项危险因素都达到理想水平时的风险'),
  changes: z
    .array(z.object({ change: z.string(), label: z.string(), riskPercent: z.number(), reductionPercentPoints: z.number() }))
    .describe('单独改变一项后的风险，降得最多的在前'),
  lifetime: z.object({ applies: z.boolean(), high: z.boolean().nullable(), factors: z.array(z.object({ factor: z.string(), label: z.string() })) }),
  inputs: z.object({
    sex: z.enum(['male', 'female']),
    ageYears: z.number().int(),
    bloodPressure: dated(z.object({ systolicMmHg: z.number(), diastolicMmHg: z.number() })),
    onAntihypertensiveTreatment: z.boolean(),
    totalCholesterolMmolL: dated(z.number()),
    hdlCholesterolMmolL: dated(z.number()),
    ldlCholesterolMmolL: dated(z.number()),
    waistCm: dated(z.number()),
    currentSmoker: z.boolean().nullable(),
    diabetes: z.boolean(),
    urban: z.boolean().nullable(),
    northernChina: z.boolean().nullable(),
    familyHistoryOfAscvd: z.boolean().nullable(),
    ckdStage: z.number().int().nullable(),
  }),
  ldlGoal: z.object({
    riskLevel: z.enum(['low', 'medium', 'high', 'veryHigh', 'ultraHigh']),
    riskLevelLabel: z.string(),
    riskBasis: z.string(),
    riskBasisLabel: z.string(),
    goalBasis: z.enum(['lip23Table6', 'g25Table6']),
    ldlBelowMmolL: z.number(),
    nonHdlBelowMmolL: z.number(),
    requiresHalvingFromBaseline: z.boolean(),
    baselineLdlCholesterolMmolL: z.number().nullable(),
    atGoal: z.boolean().nullable().describe('最近一次低密度脂蛋白是否达标；没有化验结果为 null'),
  }),
});
export type CardiovascularRiskView = z.output<typeof cardiovascularRiskView>;

/** The panel's summary of one resident's risk (and its filter). */
export const panelRiskView = z.object({
  category: z.enum(['low', 'medium', 'high']).nullable().describe('China-PAR 10年风险分层；资料不全或不适用为 null'),
  riskPercent: z.number().nullable(),
  lifetimeHigh: z.boolean(),
  ldlRiskLevel: z.enum(['low', 'medium', 'high', 'veryHigh', 'ultraHigh']),
});
export type PanelRiskView = z.output<typeof panelRiskView>;
export const panelRiskFilter = z.enum(['high', 'medium', 'low', 'unknown']).describe('按10年心血管病风险筛选：高危 / 中危 / 低危 / 资料不全');
