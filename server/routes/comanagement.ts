import { z } from 'zod';
import {
  queueView,
  referralAnswerBody,
  referralBody,
  referralDeclineBody,
  referralInboxView,
  referralReturnBody,
  referralView,
  residentAdviceView,
  reviewRequestBody,
  specialistReviewView,
  specialistVisitBody,
  specialistVisitView,
  teamComanagementView,
} from '../../shared/api/comanagement';
import type { ReferralStep } from '../../shared/comanagement/referrals';
import { authorize, authorizeForReferral, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { institutionNames, presentVisit, referralReader } from '../comanagement/presenters';
import { referralInboxReader, residentAdviceReader, reviewQueueReader, specialistReviewReader, teamComanagementReader } from '../comanagement/readers';
import { referralCreator, referralStepper, reviewRequester } from '../comanagement/referrals';
import { specialistVisitRecorder } from '../comanagement/specialistVisits';
import { forbidden } from '../http/errors';
import { defineRoute, type ApiContext } from '../http/route';
import { objectId, residentIdParams } from './identitySchemas';

/**
 * Co-management (医防融合) and 双向转诊 (server/comanagement): the specialist's queue, review and
 * 接诊服务记录单; the team's view, review requests and referrals; the receiving hospital's inbox and
 * answers; the resident's advice. Decided by server/authz/can.ts and audited by `authorize`.
 */
const referralParams = z.object({ referralId: objectId });
const created = (result: { created?: boolean }) => (result.created === false ? 200 : 201);

/** The institutions a specialist co-manages (分片包干); none: not a specialist. */
function coveredInstitutions(ctx: ApiContext): string[] {
  const ids = requireAccountActor(ctx).staff.coversInstitutionIds ?? [];
  if (ids.length === 0) throw forbidden('access_denied');
  return ids;
}

/** One route per referral step; the service decides whether the referral's state allows it. */
function referralStepRoute<B extends z.ZodType>(step: Exclude<ReferralStep, 'cancel'>, body: B, summary: string) {
  return defineRoute({
    operationId: `referrals.${step}`,
    method: 'post',
    path: `/api/referrals/:referralId/${step}`,
    summary,
    tags: ['comanagement', 'referrals'],
    auth: 'session',
    params: referralParams,
    body,
    response: referralView,
    errors: ['access_denied', 'referral_state_conflict', 'validation_failed'],
    handler: async ({ params, body: input, ctx, deps }) => {
      const { referral } = await authorizeForReferral({ deps, ctx }, 'referral.respond', params.referralId, { step });
      const value = input as z.output<typeof referralReturnBody> | { note?: string | undefined };
      const patch = 'outcome' in value ? { kind: 'return' as const, ...value } : { answerNote: value.note ?? null };
      return referralReader(deps, await referralStepper(deps, { referral, step, actor: requireAccountActor(ctx), patch }));
    },
  });
}

export const comanagementRoutes = [
  defineRoute({
    operationId: 'specialist.queue',
    method: 'get',
    path: '/api/specialist/queue',
    summary: '（专科医生）共管名单：负责的基层机构中被标记或转来的居民（紧急的在前），及近期到复诊日期的居民',
    tags: ['comanagement', 'specialist'],
    auth: 'session',
    response: queueView,
    errors: ['access_denied'],
    handler: async ({ ctx, deps }) => {
      const ids = coveredInstitutions(ctx);
      for (const institutionId of ids) await authorize({ deps, ctx }, 'institution.comanagement.queue', { kind: 'institution', institutionId }, { view: 'queue' });
      return reviewQueueReader(deps, ids);
    },
  }),
  defineRoute({
    operationId: 'specialist.residentReview',
    method: 'get',
    path: '/api/specialist/residents/:residentId',
    summary: '（专科医生）共管居民的病情概况：随访、测量、检验、标记原因、既往接诊记录和转诊',
    tags: ['comanagement', 'specialist'],
    auth: 'session',
    params: residentIdParams,
    response: specialistReviewView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.comanagement.review', params.residentId, { view: 'specialistReview' });
      return specialistReviewReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'specialist.recordVisit',
    method: 'post',
    path: '/api/specialist/residents/:residentId/visits',
    summary: '（专科医生）填写接诊服务记录单（线上会诊、巡诊或坐诊）；同一请求编号重试不会重复记录',
    tags: ['comanagement', 'specialist'],
    auth: 'session',
    params: residentIdParams,
    body: specialistVisitBody,
    response: specialistVisitView.extend({ created: z.boolean() }),
    successStatus: 201,
    statusOf: created,
    errors: ['access_denied', 'specialist_visit_date_invalid', 'specialist_visit_request_id_reused'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.specialistVisits.record', params.residentId, { setting: body.setting, visitedOn: body.visitedOn });
      const { visit, created: isNew } = await specialistVisitRecorder(deps, { resident, actor: requireAccountActor(ctx), body });
      return { ...presentVisit(visit, await institutionNames(deps, [visit.specialistInstitutionId])), created: isNew };
    },
  }),
  defineRoute({
    operationId: 'specialist.referralInbox',
    method: 'get',
    path: '/api/specialist/referrals',
    summary: '（专科医生）转到本院的转诊单：待接收、已接收待下转的在前',
    tags: ['comanagement', 'referrals'],
    auth: 'session',
    response: referralInboxView,
    errors: ['access_denied'],
    handler: async ({ ctx, deps }) => {
      const hospitalId = requireAccountActor(ctx).staff.institutionId ?? '';
      await authorize({ deps, ctx }, 'institution.referrals.receive', { kind: 'institution', institutionId: hospitalId }, { view: 'referralInbox' });
      return referralInboxReader(deps, hospitalId);
    },
  }),
  referralStepRoute('accept', referralAnswerBody, '（接收医院专科医生）接收转诊'),
  referralStepRoute('decline', referralDeclineBody, '（接收医院专科医生）不接收转诊，须说明原因'),
  referralStepRoute('return', referralReturnBody, '（接收医院专科医生）下转：转回家庭医生团队，附诊疗结果和管理方案'),
  defineRoute({
    operationId: 'referrals.cancel',
    method: 'post',
    path: '/api/referrals/:referralId/cancel',
    summary: '（家庭医生团队）撤销尚未被接收的转诊',
    tags: ['comanagement', 'referrals'],
    auth: 'session',
    params: referralParams,
    response: referralView,
    errors: ['access_denied', 'referral_state_conflict'],
    handler: async ({ params, ctx, deps }) => {
      const { referral } = await authorizeForReferral({ deps, ctx }, 'referral.cancel', params.referralId, { step: 'cancel' });
      return referralReader(deps, await referralStepper(deps, { referral, step: 'cancel', actor: requireAccountActor(ctx), patch: {} }));
    },
  }),
  defineRoute({
    operationId: 'staff.residentComanagement',
    method: 'get',
    path: '/api/staff/residents/:residentId/comanagement',
    summary: '（家庭医生）本团队居民的专科共管：标记原因、专科医生接诊服务记录单、转诊及可转往的上级医院',
    tags: ['comanagement', 'staff'],
    auth: 'session',
    params: residentIdParams,
    response: teamComanagementView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.comanagement.read', params.residentId, { view: 'comanagement' });
      return teamComanagementReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'staff.requestSpecialistReview',
    method: 'post',
    path: '/api/staff/residents/:residentId/specialist-review-requests',
    summary: '（家庭医生）申请上级医院专科医生会诊：居民进入负责本机构的专科医生的共管名单',
    tags: ['comanagement', 'staff'],
    auth: 'session',
    params: residentIdParams,
    body: reviewRequestBody,
    response: teamComanagementView,
    successStatus: 201,
    errors: ['access_denied'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.comanagement.request', params.residentId, { clientRequestId: body.clientRequestId });
      await reviewRequester(deps, { resident, body });
      return teamComanagementReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'staff.createReferral',
    method: 'post',
    path: '/api/staff/residents/:residentId/referrals',
    summary: '（家庭医生）上转到上级医院：原因、紧急程度、绿色通道；同一请求编号重试不会重复转诊',
    tags: ['comanagement', 'referrals'],
    auth: 'session',
    params: residentIdParams,
    body: referralBody,
    response: referralView.extend({ created: z.boolean() }),
    successStatus: 201,
    statusOf: created,
    errors: ['access_denied', 'referral_destination_invalid', 'referral_request_id_reused'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.referrals.create', params.residentId, { toInstitutionId: body.toInstitutionId, urgency: body.urgency, greenChannel: body.greenChannel });
      const { referral, created: isNew } = await referralCreator(deps, { resident, actor: requireAccountActor(ctx), body });
      return { ...(await referralReader(deps, referral)), created: isNew };
    },
  }),
  defineRoute({
    operationId: 'residents.specialistAdvice',
    method: 'get',
    path: '/api/residents/:residentId/specialist-advice',
    summary: '专科医生给居民的建议和转诊进展（居民本人、可查看的家属、本团队医生）',
    tags: ['comanagement', 'records'],
    auth: 'session',
    params: residentIdParams,
    response: residentAdviceView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { view: 'specialistAdvice' });
      return residentAdviceReader(deps, resident);
    },
  }),
];
