import { z } from 'zod';

/**
 * 档案 API shapes shown to the resident and to the doctor team (lab results, contracts) and what
 * the doctor's clinic entries answer; the routes validate with these, the services parse with them.
 */

/** A lab result or screening as the 档案 and the doctor's pages show it. */
export const labResultView = z.object({
  labResultId: z.string(),
  kind: z.string(),
  measuredAt: z.string(),
  values: z.record(z.string(), z.number()),
  exams: z.record(z.string(), z.enum(['normal', 'abnormal'])).describe('眼底、足部检查：正常 / 异常'),
  labName: z.string().nullable(),
});

/** A contract as the 档案 shows it; a doctor's signing answers the same shape. */
export const contractView = z.object({
  contractId: z.string(),
  status: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  packageName: z.string(),
  packageItems: z.array(z.string()),
  servicePackage: z.string().nullable().describe('签约服务包：basic 基础包 / hypertension 高血压包 / diabetes 糖尿病包 / elderly 老年人包；机构系统推送的签约为 null（见 packageName）'),
  team: z.object({
    teamId: z.string(),
    name: z.string(),
    phone: z.string().nullable().optional(),
    members: z.array(z.object({ role: z.string(), name: z.string(), phone: z.string().nullable().optional() })),
  }),
});

export const contractSignedView = z.object({
  created: z.boolean().describe('false：同一 clientRequestId 的重试，返回首次创建的签约'),
  contract: contractView,
  signedOn: z.string(),
  renewalOf: z.string().nullable(),
});

export const screeningRecordedView = z.object({
  created: z.boolean().describe('false：同一 clientRequestId 的重试，返回首次登记的结果'),
  labResult: labResultView,
  screeningMeasures: z.array(z.enum(['bp', 'glucose', 'lipids'])).describe('本次筛查涵盖的项目（各计一次筛查积分）；化验结果为空'),
  hTypeHypertension: z.boolean().describe('登记后该居民是否为H型高血压（高血压且最近一次 Hcy ≥ 10 µmol/L）'),
  latestHcyUmolL: z.number().nullable(),
});
