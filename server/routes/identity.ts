import { z } from 'zod';
import { requireAccountActor } from '../authz/authorize';
import { archiveBinder } from '../identity/archiveBinder';
import { consentDocuments } from '../identity/consentDocuments';
import { consentRecorder } from '../identity/consentRecorder';
import { consentWithdrawer } from '../identity/consentWithdrawer';
import { defineRoute } from '../http/route';
import { consentDecisionBody, consentDecisionView, consentDocumentsView, consentWithdrawalView, residentProfileResult } from '../../shared/api/identity';

export const consentRoutes = [
  defineRoute({
    operationId: 'consents.current',
    method: 'get',
    path: '/api/consents/current',
    summary: '当前版本的隐私保护指引和健康数据单独同意',
    tags: ['consent'],
    auth: 'public',
    response: consentDocumentsView,
    handler: async () => consentDocuments,
  }),
  defineRoute({
    operationId: 'consents.decide',
    method: 'post',
    path: '/api/consents',
    summary: '同意或拒绝一份协议（拒绝已同意的协议即撤回授权）',
    tags: ['consent'],
    auth: 'session',
    body: consentDecisionBody,
    response: consentDecisionView,
    successStatus: 201,
    errors: ['consent_version_outdated', 'validation_failed'],
    handler: async ({ body, ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      return consentRecorder(deps, { accountId: actor.accountId, ...body, requestId: ctx.state.requestId });
    },
  }),
  defineRoute({
    operationId: 'consents.withdraw',
    method: 'post',
    path: '/api/consents/withdraw',
    summary: '撤回授权：账号停用、所有登录失效、代办关系解除，健康档案仍由机构保存',
    tags: ['consent'],
    auth: 'session',
    body: z.object({ confirm: z.literal(true) }),
    response: consentWithdrawalView,
    errors: ['consent_not_active', 'validation_failed'],
    handler: async ({ ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      return consentWithdrawer(deps, { accountId: actor.accountId, requestId: ctx.state.requestId });
    },
  }),
];

const bindBody = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('details'),
      name: z.string().min(1).max(60),
      idNumber: z.string().min(1).max(40),
      phone: z.string().min(1).max(30).optional(),
      phoneCode: z.string().min(1).max(128).optional(),
    })
    .refine((b) => (b.phone === undefined) !== (b.phoneCode === undefined), { message: '请提供手机号或微信手机号授权（二选一）', path: ['phone'] })
    .meta({ oneOf: [{ required: ['phone'] }, { required: ['phoneCode'] }] }),
  z.object({ method: z.literal('bindingCode'), code: z.string().min(1).max(20) }),
]);

export const identityRoutes = [
  defineRoute({
    operationId: 'identity.bind',
    method: 'post',
    path: '/api/identity/bind',
    summary: '绑定健康档案：姓名+身份证号+手机号（微信授权或手动输入），或机构打印的绑定码',
    tags: ['identity'],
    auth: 'session',
    body: bindBody,
    response: residentProfileResult,
    errors: [
      'validation_failed',
      'person_name_format_invalid',
      'person_name_length_invalid',
      'id_number_format_invalid',
      'id_number_region_invalid',
      'id_number_birthdate_invalid',
      'id_number_checksum_invalid',
      'phone_format_invalid',
      'phone_code_invalid',
      'consent_required',
      'account_already_bound',
      'archive_already_bound',
      'binding_details_not_matched',
      'binding_locked',
      'binding_code_invalid',
      'binding_code_expired',
      'binding_code_used',
    ],
    handler: async ({ body, ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      return { resident: await archiveBinder(deps, actor, body, ctx.state.requestId) };
    },
  }),
];
