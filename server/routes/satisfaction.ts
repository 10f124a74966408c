import { pendingSurveysView, surveyAnswerBody, surveyAnsweredView } from '../../shared/api/satisfaction';
import { authorizeForResident } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { pendingSurveysReader, surveyResponder } from '../satisfaction/surveys';
import { residentIdParams } from './identitySchemas';

/** The satisfaction survey after a service (server/satisfaction): the resident's own opinion only. */
export const satisfactionRoutes = [
  defineRoute({
    operationId: 'residents.surveys',
    method: 'get',
    path: '/api/residents/:residentId/surveys',
    summary: '（居民本人）近两周可以评价的服务：随访、专科医生诊疗、药店抵扣；每次服务只问一次',
    tags: ['satisfaction'],
    auth: 'session',
    params: residentIdParams,
    response: pendingSurveysView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.surveys.answer', params.residentId);
      return pendingSurveysReader(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'residents.answerSurvey',
    method: 'post',
    path: '/api/residents/:residentId/surveys',
    summary: '（居民本人）满意度评价（三个问题各 1–5 分）或不评价；同一次服务再次提交不改变',
    tags: ['satisfaction'],
    auth: 'session',
    params: residentIdParams,
    body: surveyAnswerBody,
    response: surveyAnsweredView,
    errors: ['access_denied', 'survey_not_available'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.surveys.answer', params.residentId);
      return surveyResponder(deps, resident, body);
    },
  }),
];
