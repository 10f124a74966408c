import { z } from 'zod';
import { calendarDay } from '../../shared/api/formats';
import { CONTRACT_MAX_MONTHS, servicePackages } from '../../shared/records/servicePackages';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { hasSomeResult, labExams, labValues, someResultRule } from '../integration/recordSchemas';
import { contractSigner, screeningRecorder } from '../panel/clinicDesk';
import { residentSummaryReader } from '../panel/residentSummary';
import { presentContract } from '../records/recordsReader';
import { objectId, residentIdParams, residentProfile } from './identitySchemas';
import { alertView } from '../../shared/api/alerts';
import { contractSignedView, contractView, labResultView, screeningRecordedView } from '../../shared/api/records';

const day = calendarDay();

/**
 * The doctor's detail screen of one resident of their team, and the doctor's own entries for that
 * resident: signing or renewing a contract, recording a screening or lab result (server/panel/
 * clinicDesk.ts: the integration API's writers, so the same domain events and points). Own team
 * only (`resident.summary.read`, `resident.contracts.record`, `resident.screenings.record`), every
 * access audited. Entries are idempotent by `clientRequestId`: 201 the first time, 200 with the
 * same record for a retry, 409 `staff_request_id_reused` for the same id with another request.
 */
const text = (max: number) => z.string().trim().max(max);

export const clientRequestId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64位字母、数字、- 或 _')
  .describe('客户端生成的请求编号（如 UUID）；重试时保持不变，服务端据此去重');

const contractBody = z
  .object({
    clientRequestId,
    servicePackage: z.enum(servicePackages).describe('签约服务包：basic 基础包 / hypertension 高血压包 / diabetes 糖尿病包 / elderly 老年人包'),
    startsOn: day.describe('签约开始日期（上海日期）'),
    endsOn: day.describe(`签约结束日期：晚于开始日期，最长${CONTRACT_MAX_MONTHS / 12}年，且不早于今天（否则 contract_period_invalid）`),
    renewalOf: objectId.optional().describe('续约时：原签约的 contractId（新签约须在原签约结束后开始）'),
  })
  .meta({
    description: '家庭医生签约或续约：服务包与期限；团队为居民所属团队（即医生本人的团队）',
    examples: [
      { clientRequestId: '3f2b9c1e-7a41-4d2e-9f0a-5c6d7e8f9a0b', servicePackage: 'hypertension', startsOn: '2026-03-01', endsOn: '2027-02-28' },
      { clientRequestId: 'b7c1d2e3-renewal-0001', servicePackage: 'elderly', startsOn: '2027-03-01', endsOn: '2028-02-29', renewalOf: '6650f0c2a1b2c3d4e5f60720' },
    ],
  });

const exampleContract = {
  contractId: '6650f0c2a1b2c3d4e5f60720',
  status: 'active',
  startsOn: '2026-03-01',
  endsOn: '2027-02-28',
  packageName: '高血压个性化签约服务包',
  packageItems: ['每月电话随访', '每季度面对面随访', '免费同型半胱氨酸检测', '家庭自测血压指导'],
  servicePackage: 'hypertension',
  team: { teamId: 'team-east-1', name: '东城家庭医生一队', phone: null, members: [{ role: 'generalPractitioner', name: '李医生', phone: null }] },
};

const screeningBody = z
  .object({
    clientRequestId,
    kind: z.enum(['screening', 'labResult']).default('screening').describe('screening 筛查（血压、血糖、血脂计入筛查率和筛查积分）/ labResult 化验结果；含同型半胱氨酸时均记 Hcy 检测'),
    measuredAt: z.iso.datetime({ offset: true }).optional().describe('测量或采血时间（带时区）；默认：现在'),
    values: labValues.default({}),
    exams: labExams.optional(),
    labName: text(80).optional(),
    note: text(200).optional(),
  })
  .refine(hasSomeResult, { message: '至少需要一项检测结果', path: ['values'] })
  .meta({
    ...someResultRule,
    description: '医生登记筛查或化验结果（血压、空腹/餐后2小时/随机血糖、糖化血红蛋白、血脂四项、同型半胱氨酸、腰围、体重、eGFR、尿白蛋白/肌酐比值，眼底和足部检查）；数值按统一的合理范围校验',
    examples: [
      { clientRequestId: 'c1d2e3f4-screen-0001', kind: 'screening', measuredAt: '2026-03-02T09:30:00+08:00', values: { systolicMmHg: 148, diastolicMmHg: 92, fastingGlucoseMmolL: 6.4, ldlCholesterolMmolL: 3.1, hcyUmolL: 16.2 } },
      { clientRequestId: 'c1d2e3f4-lab-0002', kind: 'labResult', values: { hba1cPercent: 6.8 }, labName: '东城社区卫生服务中心检验科' },
    ],
  });

const summaryView = z.object({
  resident: residentProfile,
  conditions: z.array(z.string()),
  hTypeHypertension: z.boolean(),
  targets: z.object({ bp: z.record(z.string(), z.unknown()), glucose: z.record(z.string(), z.unknown()), lipids: z.record(z.string(), z.unknown()), hcy: z.record(z.string(), z.unknown()) }),
  contract: contractView.nullable(),
  due: z.array(z.object({ key: z.string(), kind: z.string(), kindLabel: z.string(), dueBy: z.string(), status: z.string(), reason: z.string(), referralFlag: z.boolean() })),
  lastReadings: z.array(
    z.object({
      measure: z.string(),
      readingId: z.string(),
      measuredAt: z.string(),
      values: z.record(z.string(), z.number()),
      grade: z.string().nullable(),
      atTarget: z.boolean().nullable(),
      urgent: z.boolean(),
      source: z.string(),
    }),
  ),
  lastLabResults: z.array(labResultView),
  openAlerts: z.array(alertView),
  lastFollowUps: z.array(
    z.object({
      followUpId: z.string(),
      visitedOn: z.string(),
      form: z.string(),
      mode: z.string(),
      outcome: z.string(),
      classification: z.string().nullable(),
      classificationDerived: z.boolean(),
      classificationLabel: z.string().nullable(),
      systolicMmHg: z.number().nullable(),
      diastolicMmHg: z.number().nullable(),
      nextVisitOn: z.string().nullable(),
      doctorName: z.string().nullable(),
    }),
  ),
});

export const staffResidentRoutes = [
  defineRoute({
    operationId: 'staff.residentSummary',
    method: 'get',
    path: '/api/staff/residents/:residentId',
    summary: '（家庭医生）本团队居民概况：脱敏的身份证号和手机号、年龄性别、病种、签约、待办、各项最近一次测量、未关闭的预警、最近的随访',
    tags: ['staff', 'panel'],
    auth: 'session',
    params: residentIdParams,
    response: summaryView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.summary.read', params.residentId, { view: 'summary' });
      return residentSummaryReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'staff.signContract',
    method: 'post',
    path: '/api/staff/residents/:residentId/contracts',
    summary: '（家庭医生）为本团队居民签约或续约（服务包、期限）：记入档案并记录签约事件（签约/续约积分）；按 clientRequestId 去重',
    tags: ['staff', 'panel'],
    auth: 'session',
    params: residentIdParams,
    body: contractBody,
    response: contractSignedView.meta({ examples: [{ created: true, contract: exampleContract, signedOn: '2026-03-01', renewalOf: null }] }),
    successStatus: 201,
    statusOf: (result) => (result.created ? 201 : 200),
    errors: ['access_denied', 'validation_failed', 'staff_request_id_reused', 'contract_period_invalid', 'contract_period_overlaps', 'contract_signing_in_progress', 'contract_renewal_invalid', 'record_resident_cannot_change'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.contracts.record', params.residentId, {
        clientRequestId: body.clientRequestId,
        servicePackage: body.servicePackage,
        renewalOf: body.renewalOf ?? null,
      });
      const { created, contract } = await contractSigner(deps, { resident, actor: requireAccountActor(ctx), request: body });
      const data = contract.data as { signedOn?: string; renewalOf?: string | null };
      return { created, contract: presentContract(contract), signedOn: data.signedOn ?? contract.startsOn, renewalOf: data.renewalOf ?? null };
    },
  }),
  defineRoute({
    operationId: 'staff.recordScreening',
    method: 'post',
    path: '/api/staff/residents/:residentId/screenings',
    summary: '（家庭医生）为本团队居民登记筛查或化验结果：记入档案，记录筛查/同型半胱氨酸检测事件（积分）；Hcy ≥ 10 且有高血压即为H型高血压；按 clientRequestId 去重',
    tags: ['staff', 'panel'],
    auth: 'session',
    params: residentIdParams,
    body: screeningBody,
    response: screeningRecordedView.meta({
      examples: [
        {
          created: true,
          labResult: { labResultId: '6650f0c2a1b2c3d4e5f60721', kind: 'screening', measuredAt: '2026-03-02T01:30:00.000Z', values: { systolicMmHg: 148, diastolicMmHg: 92, hcyUmolL: 16.2 }, labName: null },
          screeningMeasures: ['bp'],
          hTypeHypertension: true,
          latestHcyUmolL: 16.2,
        },
      ],
    }),
    successStatus: 201,
    statusOf: (result) => (result.created ? 201 : 200),
    errors: ['access_denied', 'validation_failed', 'record_implausible', 'staff_request_id_reused', 'record_resident_cannot_change'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.screenings.record', params.residentId, { clientRequestId: body.clientRequestId, kind: body.kind });
      const result = await screeningRecorder(deps, { resident, actor: requireAccountActor(ctx), request: body });
      const lab = result.labResult;
      return {
        created: result.created,
        labResult: {
          labResultId: String(lab._id),
          kind: lab.kind,
          measuredAt: lab.measuredAt.toISOString(),
          values: lab.data.values as Record<string, number>,
          exams: lab.data.exams ?? {},
          labName: lab.data.labName ?? null,
        },
        screeningMeasures: result.screeningMeasures,
        hTypeHypertension: result.hTypeHypertension,
        latestHcyUmolL: result.latestHcyUmolL,
      };
    },
  }),
];
