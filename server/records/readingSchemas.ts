import { z } from 'zod';
import { readingMeasures } from '../models/reading';

/**
 * The body of `POST /api/residents/:residentId/readings`, one shape per measure. Ranges are NOT
 * checked here: the shared plausibility rules do that, so the resident gets the shared reason code
 * and its Chinese message (`reading_implausible` with `details.issues`).
 */
const common = {
  clientReadingId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64位字母、数字、- 或 _')
    .describe('客户端生成的记录编号（如 UUID）；重试或离线补传时保持不变，服务端据此去重'),
  measuredAt: z.iso.datetime({ offset: true }).describe('测量时间（离线补传时为原始测量时间）；不能晚于现在'),
  source: z.enum(['manual', 'device', 'clinic']).default('manual').describe('manual 手工录入 / device 设备上传（仅经蓝牙设备导入 /meter-imports）/ clinic 诊室录入（仅医生）'),
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
  measuredAt: z.string(),
  values: z.record(z.string(), z.unknown()),
  assessment: assessmentView,
  source: z.enum(['manual', 'device', 'clinic']),
  actingAs: z.enum(['resident', 'proxy', 'clinic']),
  createdAt: z.string(),
});
