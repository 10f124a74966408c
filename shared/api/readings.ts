import { z } from 'zod';
import { alertView } from './alerts';
import { clientRequestId } from './common';
import { calendarDay, instant } from './formats';
import { pointsPreviewSchema } from './passbook';

/**
 * Home readings as the service takes and answers them: logging one (server/routes/readings.ts),
 * the history behind the charts, this month's control status and the exports' range
 * (server/routes/records.ts). The mini-program parses the same answers with these schemas.
 */
export const readingMeasures = ['bp', 'glucose', 'lipids', 'hcy', 'weight'] as const;
export type ReadingMeasure = (typeof readingMeasures)[number];

const readingSources = ['manual', 'device', 'clinic'] as const;

/**
 * The body of `POST /api/residents/:residentId/readings`, one shape per measure. Ranges are NOT
 * checked here: the shared plausibility rules do that, so the resident gets the shared reason code
 * and its Chinese message (`reading_implausible` with `details.issues`).
 */
const common = {
  clientReadingId: clientRequestId.describe('客户端生成的记录编号（如 UUID）；重试或离线补传时保持不变，服务端据此去重'),
  measuredAt: z.iso.datetime({ offset: true }).describe('测量时间（离线补传时为原始测量时间）；不能晚于现在'),
  source: z.enum(readingSources).default('manual').describe('manual 手工录入 / device 设备上传（仅经蓝牙设备导入 /meter-imports）/ clinic 诊室录入（仅医生）'),
};
const num = z.number();

export const bpBody = z.object({
  measure: z.literal('bp'),
  ...common,
  readings: z.array(z.object({ systolicMmHg: num, diastolicMmHg: num, heartRateBpm: num.optional() })).min(1).max(3).describe('同一次测量的2–3遍读数（居民本人或家属录入少于2遍答 422 reading_implausible：bp_session_reading_count_invalid）'),
  arm: z.enum(['left', 'right']).optional(),
  timeOfDay: z.enum(['morning', 'evening', 'other']).default('other'),
});
export const glucoseBody = z.object({ measure: z.literal('glucose'), ...common, timing: z.enum(['fasting', 'postprandial2h', 'random']), glucoseMmolL: num });
const lipidFields = ['totalCholesterolMmolL', 'triglyceridesMmolL', 'ldlCholesterolMmolL', 'hdlCholesterolMmolL'];
export const lipidsBody = z
  .object({
    measure: z.literal('lipids'),
    ...common,
    totalCholesterolMmolL: num.optional(),
    triglyceridesMmolL: num.optional(),
    ldlCholesterolMmolL: num.optional(),
    hdlCholesterolMmolL: num.optional(),
  })
  .refine((b) => [b.totalCholesterolMmolL, b.triglyceridesMmolL, b.ldlCholesterolMmolL, b.hdlCholesterolMmolL].some((v) => v !== undefined), '至少填写一项血脂结果')
  // The same rule in the document, so it promises what is accepted.
  .meta({ anyOf: lipidFields.map((field) => ({ required: [field] })) });
export const hcyBody = z.object({ measure: z.literal('hcy'), ...common, hcyUmolL: num });
export const weightBody = z.object({ measure: z.literal('weight'), ...common, weightKg: num, heightCm: num.optional().describe('不填则用档案中的身高') });

export const readingBody = z
  .discriminatedUnion('measure', [bpBody, glucoseBody, lipidsBody, hcyBody, weightBody])
  .meta({
    examples: [
      {
        measure: 'bp',
        clientReadingId: '0d9a6a56-5a1f-4b7e-9a63-1f4f1c1f2b10',
        measuredAt: '2026-03-10T07:15:00+08:00',
        source: 'manual',
        readings: [
          { systolicMmHg: 142, diastolicMmHg: 88, heartRateBpm: 72 },
          { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 70 },
        ],
        arm: 'left',
        timeOfDay: 'morning',
      },
      { measure: 'glucose', clientReadingId: 'b7d1e0c2-0c1d-4c55-8a0e-5f0d3e2a9c11', measuredAt: '2026-03-10T06:50:00+08:00', timing: 'fasting', glucoseMmolL: 6.8 },
    ],
  });
export type ReadingBody = z.output<typeof readingBody>;

/** A target as judged (e.g. `{ systolicBelowMmHg: 135, diastolicBelowMmHg: 85, setting: 'home' }`). */
const band = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

export const assessmentView = z.object({
  grade: z.string().nullable().describe('bp: normal|highNormal|grade1–3; glucose: normal|impaired|diabeticRange; lipids: ideal|acceptable|borderlineHigh|high|low; hcy: none|mild|moderate|severe; weight: BMI 分类'),
  atTarget: z.boolean().nullable(),
  target: band.nullable().describe('判断是否达标所用的目标，图表据此画目标带'),
  urgent: z.boolean(),
  urgentReasons: z.array(z.string()),
  advice: z.array(z.string()).describe('紧急值时立即展示的建议'),
  warnings: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).describe('数值可能但少见，请居民核对'),
  derived: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});

export const readingView = z.object({
  readingId: z.string(),
  clientReadingId: z.string(),
  measure: z.enum(readingMeasures),
  measuredAt: instant,
  values: z.record(z.string(), z.unknown()),
  assessment: assessmentView,
  source: z.enum(readingSources),
  actingAs: z.enum(['resident', 'proxy', 'clinic']),
  createdAt: instant,
});

/** What `POST …/readings` answers: the saved reading judged, the alert it raised, the points it earns. */
export const readingLoggedView = z.object({
  reading: readingView,
  duplicate: z.boolean().describe('true：此前已保存过同一条记录（重试或离线补传），未重复保存'),
  alert: alertView.nullable(),
  points: pointsPreviewSchema.nullable().describe('这次记录能得的积分（诊室录入为 null）'),
});
export type ReadingLoggedDto = z.infer<typeof readingLoggedView>;

export const readingHistoryQuery = z.object({ measure: z.enum(readingMeasures), days: z.enum(['7', '30', '90']).default('30').transform(Number) });

/** `GET …/readings?measure&days`: each point judged against the target in force when measured. */
export const readingHistoryView = z.object({
  measure: z.enum(readingMeasures),
  days: z.number().int(),
  from: instant,
  to: instant,
  target: band.nullable(),
  points: z.array(
    z.object({
      readingId: z.string(),
      measuredAt: instant,
      values: z.record(z.string(), z.number()),
      grade: z.string().nullable(),
      atTarget: z.boolean().nullable(),
      target: band.nullable(),
      urgent: z.boolean(),
      source: z.string(),
      enteredByFamily: z.boolean().describe('家属代录（家人用自己的微信替居民记录）'),
    }),
  ),
});
export type ReadingHistoryDto = z.infer<typeof readingHistoryView>;

/** `GET …/control-status`: this Shanghai month's count at target, per condition. */
export const controlStatusView = z.object({
  month: z.string(),
  hTypeHypertension: z.boolean(),
  statuses: z.array(
    z.object({
      condition: z.string(),
      measure: z.enum(readingMeasures),
      diagnosed: z.boolean(),
      month: z.string(),
      readingCount: z.number().int(),
      atTargetCount: z.number().int(),
      text: z.string(),
    }),
  ),
});
export type ControlStatusDto = z.infer<typeof controlStatusView>;

const day = calendarDay();

/** Both exports (CSV, PDF) take the same range and measure. */
export const readingsExportQuery = z.object({ from: day.optional(), to: day.optional(), measure: z.enum(readingMeasures).optional() });
