/**
 * Request and response schemas of the medication routes (server/routes/medication.ts), shared with
 * the mini-program's service (miniapp/services/medication.ts), which parses every response with
 * them. Days are Shanghai calendar days ('YYYY-MM-DD'), times of day 'HH:MM' Shanghai wall time,
 * instants ISO-8601 (shown in Shanghai by the app).
 */
import { z } from 'zod';
import { LONG_PRESCRIPTION_MAX_DAYS } from '../medication/courses';
import { skipReasons } from '../medication/labels';
import { MAX_DOSES_PER_DAY, timeOfDayPattern } from '../medication/schedule';
import { calendarDay } from './formats';

// Patterns, not refinements: the OpenAPI document then promises exactly what is accepted.
const day = calendarDay();
const objectId = z.string().regex(/^[0-9a-f]{24}$/, '编号格式不正确');
const timeOfDay = z.string().regex(timeOfDayPattern, '时间格式应为 HH:MM，如 07:30');

export const planConditions = ['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia', 'other'] as const;

export const timesOfDaySchema = z
  .array(timeOfDay)
  .min(1, '请至少选择一个服药时间')
  .max(MAX_DOSES_PER_DAY, `每天最多 ${MAX_DOSES_PER_DAY} 次`)
  .refine((times) => new Set(times).size === times.length, '服药时间不能重复')
  .meta({ uniqueItems: true })
  .describe('每天服药的时间（上海时间），如 ["07:30","19:30"]；到点提醒');

export const longPrescriptionSchema = z
  .object({
    daysSupply: z.number().int().min(1).max(LONG_PRESCRIPTION_MAX_DAYS, `长期处方每次最多开 ${LONG_PRESCRIPTION_MAX_DAYS} 天`).describe('本次开药可用的天数（长处方最长12周）'),
    lastDispensedOn: day.describe('最近一次取药日期'),
  })
  .describe('长期处方（长处方）：药用完前提醒续药');

export const folateCourseSchema = z
  .object({ freeOfCharge: z.boolean().default(false).describe('项目免费提供的疗程') })
  .describe('5-甲基四氢叶酸疗程：3个月后复查同型半胱氨酸');

export const clientRequestId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64位字母、数字、- 或 _')
  .describe('客户端生成的请求编号（如 UUID）；重试时保持不变，服务端据此去重');

const planFields = {
  drugName: z.string().trim().min(1, '请填写药品名称').max(80),
  doseText: z.string().trim().min(1, '请填写每次用量').max(60).describe('每次用量，如 1片、5mg'),
  forCondition: z.enum(planConditions).optional(),
  timesOfDay: timesOfDaySchema,
  startedOn: day,
  endedOn: day.nullable().optional(),
  instructions: z.string().trim().max(200).optional(),
  longPrescription: longPrescriptionSchema.nullable().optional(),
  programmeSubsidised: z.boolean().default(false).describe('项目优惠药品（如依那普利叶酸片、氨氯地平叶酸片按优惠价）'),
  folateCourse: folateCourseSchema.nullable().optional(),
};

export const staffPlanCreateBody = z
  .object({ clientRequestId, ...planFields })
  .meta({
    description: '医生为本团队居民开具用药方案（药品、用量、服药时间、起止日期、长处方、项目优惠、叶酸疗程）',
    examples: [{ clientRequestId: 'a1b2c3d4-plan-0001', drugName: '氨氯地平叶酸片', doseText: '1片', forCondition: 'hypertension', timesOfDay: ['07:30'], startedOn: '2026-03-10', programmeSubsidised: true, longPrescription: { daysSupply: 56, lastDispensedOn: '2026-03-10' } }],
  });

export const staffPlanChangeBody = z
  .object({
    clientRequestId,
    expectedVersion: z.number().int().min(1).describe('医生看到的版本号；期间有人改过则拒绝（409）'),
    status: z.enum(['active', 'stopped']).default('active'),
    ...planFields,
  })
  .meta({ description: '修改用药方案：生成新版本（从今天起按新方案提醒），历史版本保留；停药用 status=stopped' });

export type StaffPlanFields = Omit<z.output<typeof staffPlanCreateBody>, 'clientRequestId'>;

export const adherenceView = z.object({
  windowDays: z.number().int(),
  daysWithDoses: z.number().int().describe('窗口内有服药安排的天数（今天在全部服完后才计入）'),
  daysCovered: z.number().int().describe('其中每一次都按时服药的天数'),
  percent: z.number().int().nullable().describe('服药天数比例（PDC），向下取整；无可判断的天数时为 null'),
  level: z.enum(['good', 'poor', 'unknown']).describe('good ≥80%，poor <80%（依从性差）'),
});
export type AdherenceView = z.output<typeof adherenceView>;

export const adherencePair = z.object({ last30: adherenceView, last90: adherenceView });

export const doseStates = ['taken', 'skipped', 'overdue', 'upcoming'] as const;

export const doseView = z.object({
  doseKey: z.string(),
  planId: z.string(),
  day,
  time: z.string(),
  drugName: z.string(),
  doseText: z.string().nullable(),
  state: z.enum(doseStates).describe('taken 已服用 / skipped 已跳过 / overdue 到点未服（当天一直显示）/ upcoming 还没到时间'),
  skipReason: z.enum(skipReasons).nullable(),
  recordedAt: z.string().nullable(),
  recordedBy: z.enum(['resident', 'proxy']).nullable(),
});
export type DoseView = z.output<typeof doseView>;

export const todayResponse = z.object({
  today: day,
  doses: z.array(doseView),
  adherence: adherencePair,
  reminderTemplateId: z.string().describe('服药提醒的订阅消息模板（小程序 requestSubscribeMessage 用）'),
});

export const recordDoseBody = z
  .object({
    planId: objectId,
    time: timeOfDay.describe('今天的哪一次（服药时间）'),
    status: z.enum(['taken', 'skipped']),
    skipReason: z.enum(skipReasons).optional(),
  })
  .refine((b) => b.status !== 'skipped' || b.skipReason !== undefined, { message: '请选择跳过的原因', path: ['skipReason'] })
  .meta({ examples: [{ planId: '6650f0c2a1b2c3d4e5f60730', time: '07:30', status: 'taken' }, { planId: '6650f0c2a1b2c3d4e5f60730', time: '19:30', status: 'skipped', skipReason: 'unwell' }] });

export const recordDoseResponse = z.object({ dose: doseView, adherence: adherencePair });

export const planVersionView = z.object({
  version: z.number().int(),
  effectiveFrom: day,
  recordedAt: z.string(),
  recordedBy: z.enum(['clinicSystem', 'doctor']),
  drugName: z.string(),
  doseText: z.string().nullable(),
  timesOfDay: z.array(z.string()),
  status: z.enum(['active', 'stopped']),
  startedOn: day,
  endedOn: day.nullable(),
});

export const planView = z.object({
  planId: z.string(),
  source: z.enum(['clinicSystem', 'doctor']),
  editable: z.boolean().describe('医生可在小程序中修改（医院系统推送的方案在医院系统中修改）'),
  version: z.number().int(),
  status: z.enum(['active', 'stopped']),
  drugName: z.string(),
  doseText: z.string().nullable(),
  forCondition: z.string().nullable(),
  timesOfDay: z.array(z.string()),
  startedOn: day,
  endedOn: day.nullable(),
  instructions: z.string().nullable(),
  programmeSubsidised: z.boolean(),
  longPrescription: z.object({ daysSupply: z.number().int(), lastDispensedOn: day, refillDueOn: day }).nullable(),
  folateCourse: z.object({ freeOfCharge: z.boolean(), endsOn: day, recheckDueOn: day, recheckedOn: day.nullable() }).nullable(),
  versions: z.array(planVersionView),
});
export type PlanView = z.output<typeof planView>;

export const plansResponse = z.object({ plans: z.array(planView), adherence: adherencePair });
export type PlansDto = z.output<typeof plansResponse>;
export const staffPlanResponse = z.object({ created: z.boolean().describe('false：同一 clientRequestId 的重试'), plan: planView });
