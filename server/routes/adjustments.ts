import { z } from 'zod';
import { adjustReasonCodes } from '../../shared/points/reasonLabels';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { AppError } from '../http/errors';
import { defineRoute } from '../http/route';
import { pointsAdjuster, type AdjustResult } from '../ledger/pointsAdjuster';
import { walletStateOf } from '../ledger/walletReader';
import { objectId } from './identitySchemas';

type Refusal = { status: number; code: 'exists_with_different_amount' | 'exists_with_different_payload' | 'would_make_available_negative' | 'reason_code_unknown' | 'adjustment_reason_required' };

/** Every ledger result code of an adjustment → the answer; `bug`: the body schema rules it out (500). */
const answers = {
  actor_required: 'bug',
  reason_code_unknown: { status: 400, code: 'reason_code_unknown' },
  note_required: { status: 400, code: 'adjustment_reason_required' },
  delta_points_must_be_nonzero_integer: 'bug',
  adjustment_id_required: 'bug',
  exists_with_different_amount: { status: 409, code: 'exists_with_different_amount' },
  exists_with_different_payload: { status: 409, code: 'exists_with_different_payload' },
  exists: 'answered',
  would_make_available_negative: { status: 422, code: 'would_make_available_negative' },
  adjusted: 'answered',
} satisfies Record<AdjustResult['result'], Refusal | 'answered' | 'bug'>;

/** An administrator's correction of a passbook: a new entry with its reason, never an edit; audited. */
export const adjustmentRoutes = [
  defineRoute({
    operationId: 'admin.pointsAdjustments.create',
    method: 'post',
    path: '/api/admin/residents/:residentId/points-adjustments',
    summary: '（管理员）积分调整：增减积分数、原因类别和必填说明；adjustmentId 由调用方生成，重试不会重复调整；记入审计',
    tags: ['passbook', 'admin'],
    auth: 'session',
    params: z.object({ residentId: objectId }),
    body: z
      .object({
        adjustmentId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '调整编号应为 8–64 位字母、数字、- 或 _'),
        deltaPoints: z
          .number({ error: '请填写调整的积分数' })
          .int('积分必须是整数')
          .min(-100_000, '单次调整不能超过 100000 积分')
          .max(100_000, '单次调整不能超过 100000 积分')
          .refine((n) => n !== 0, '调整积分不能为 0')
          .meta({ not: { const: 0 } }),
        reasonCode: z.enum(adjustReasonCodes, { error: '请选择调整原因' }),
        note: z.string({ error: '请填写调整原因' }).trim().min(2, '请填写调整原因（至少 2 个字）').max(200, '调整说明最多 200 字'),
      })
      .strict(),
    successStatus: 201,
    response: z.object({ adjustmentId: z.string(), result: z.enum(['adjusted', 'exists']), deltaPoints: z.number().int(), balancePoints: z.number().int(), availablePoints: z.number().int() }),
    errors: ['access_denied', 'validation_failed', 'resident_not_found', 'adjustment_reason_required', 'reason_code_unknown', 'would_make_available_negative', 'exists_with_different_amount', 'exists_with_different_payload'],
    handler: async ({ params, body, ctx, deps }) => {
      // authorize() writes the audit entry with the reason: who changed whose points, by how much and why.
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.points.adjust', params.residentId, {
        pointsAdjustment: body.adjustmentId,
        deltaPoints: body.deltaPoints,
        reasonCode: body.reasonCode,
        note: body.note,
      });
      const actor = requireAccountActor(ctx);
      const outcome = await pointsAdjuster(deps, {
        adjustmentId: body.adjustmentId,
        residentId: resident._id,
        deltaPoints: body.deltaPoints,
        reasonCode: body.reasonCode,
        note: body.note,
        actor: `account:${actor.accountId}`,
      });
      const answer: Refusal | 'answered' | 'bug' = answers[outcome.result];
      if (answer === 'bug') throw new Error(`points adjustment: unexpected result ${outcome.result}`);
      if (answer !== 'answered') throw new AppError(answer.code, answer.status);
      const wallet = await walletStateOf(deps, resident._id);
      const { balancePoints } = wallet;
      return { adjustmentId: body.adjustmentId, result: outcome.result === 'adjusted' ? ('adjusted' as const) : ('exists' as const), deltaPoints: body.deltaPoints, balancePoints, availablePoints: balancePoints - wallet.heldPoints };
    },
  }),
];
