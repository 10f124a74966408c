import { z } from 'zod';
import { calendarDay } from '../../shared/api/formats';
import { currentPolicyView, policyPreviewView, policyPublishedView, policyVersionsView } from '../../shared/api/pointsPolicy';
import { dayText } from '../../shared/vocabulary/dates';
import { earnEventTypes, policyInEffect, policyProblems, type EarnEventType, type PointsPolicy, type PolicyProblem } from '../../shared/points';
import { shanghaiDate, toInstant } from '../../shared/time/shanghai';
import { authorize, requireAccountActor } from '../authz/authorize';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';
import { defineRoute } from '../http/route';
import { loadPolicies, policyAuthors, publishPolicyVersion } from '../ledger';
import { policyChanges, policyFromDraft, presentPolicy, previewPolicy, type PolicyDraft } from '../passbook/policyPresenter';

const problemTexts: Record<PolicyProblem, string> = {
  version_must_be_positive_integer: '版本号必须是正整数',
  effective_from_must_be_valid: '生效日期无效',
  value_fen_per_point_must_be_positive_integer: '积分价值（每积分多少分钱）必须是正整数',
  amounts_must_be_non_negative_integers: '积分数和各项上限必须是不小于 0 的整数',
  share_must_be_between_0_and_10000_basis_points: '抵扣比例必须在 0% 到 100% 之间',
};

const points = z.number({ error: '请填写整数积分' }).int('积分必须是整数').min(0, '积分不能为负数').max(1_000_000, '积分数过大');
const cap = points.nullable().optional();
const ruleDraft = z
  .object({ points: points.optional(), dailyCapPoints: cap, monthlyCapPoints: cap, yearlyCapPoints: cap, contractedOnly: z.boolean().optional(), subKeyRequired: z.boolean().optional(), clinicVerifiedOnly: z.boolean().optional() })
  .strict();
const earnEventType = z.enum(earnEventTypes as unknown as [EarnEventType, ...EarnEventType[]]);
const draftFields = {
  valueFenPerPoint: z.number().int('必须是整数').min(1, '每积分至少 1 分钱').max(100, '每积分最多 1 元').optional(),
  yearlyEarnCapPoints: points.optional(),
  earningRules: z.partialRecord(earnEventType, ruleDraft).optional(),
  redemption: z
    .object({
      maxShareOfEligibleBasisPoints: z.number().int().min(0, '抵扣比例不能为负').max(10_000, '抵扣比例不能超过 100%').optional(),
      minPoints: points.optional(),
      monthlyCapPoints: points.optional(),
    })
    .strict()
    .optional(),
};
const effectiveDay = calendarDay('生效日期格式应为 YYYY-MM-DD');
const draftBody = z.object({ effectiveFrom: effectiveDay, ...draftFields }).strict();

function split(policies: PointsPolicy[], now: Date) {
  const current = policyInEffect(policies, now) ?? policies[0];
  if (!current) throw new Error('no points policy stored');
  const upcoming = policies.filter((p) => p.effectiveFrom.getTime() > now.getTime()).sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  return { current, upcoming };
}

function draftOf(body: z.output<typeof draftBody> | (Omit<z.output<typeof draftBody>, 'effectiveFrom'> & { effectiveFrom?: string | undefined }), now: Date): PolicyDraft {
  let effectiveFrom = now;
  if (body.effectiveFrom) {
    try {
      effectiveFrom = toInstant(body.effectiveFrom);
    } catch {
      throw new AppError('points_policy_date_invalid', 400);
    }
    if (Number.isNaN(effectiveFrom.getTime()) || shanghaiDate(effectiveFrom) !== body.effectiveFrom) throw new AppError('points_policy_date_invalid', 400);
  }
  return { ...body, effectiveFrom } as PolicyDraft;
}

async function latest(deps: AppDeps) {
  const policies = await loadPolicies(deps);
  const base = policies.reduce((a, b) => (b.version > a.version ? b : a));
  return { policies, base };
}

/** The points policy: what residents see (current + upcoming), and its administration (admins). */
export const pointsPolicyRoutes = [
  defineRoute({
    operationId: 'pointsPolicy.current',
    method: 'get',
    path: '/api/points-policy/current',
    summary: '怎样获得积分：当前规则的白话说明；如有已发布、尚未生效的新规则，一并给出生效日期和变化',
    tags: ['passbook'],
    auth: 'public',
    response: currentPolicyView,
    handler: async ({ deps }) => {
      const { current, upcoming } = split(await loadPolicies(deps), deps.clock.now());
      const next = upcoming[0];
      return {
        current: presentPolicy(current),
        upcoming: next
          ? { effectiveFrom: shanghaiDate(next.effectiveFrom), noticeText: `新规则将于 ${dayText(shanghaiDate(next.effectiveFrom), { withYear: true })}生效`, changes: policyChanges(current, next), policy: presentPolicy(next) }
          : null,
      };
    },
  }),
  defineRoute({
    operationId: 'admin.pointsPolicies.list',
    method: 'get',
    path: '/api/admin/points-policies',
    summary: '（管理员）积分规则的全部版本：已过期、生效中、待生效',
    tags: ['passbook', 'admin'],
    auth: 'session',
    response: policyVersionsView,
    errors: ['access_denied'],
    handler: async ({ ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.pointsPolicy.manage', { kind: 'programme' });
      const now = deps.clock.now();
      const policies = await loadPolicies(deps);
      const { current } = split(policies, now);
      const createdBy = await policyAuthors(deps);
      return {
        versions: [...policies]
          .sort((a, b) => b.version - a.version)
          .map((p) => ({
            version: p.version,
            effectiveFrom: shanghaiDate(p.effectiveFrom),
            status: p.effectiveFrom.getTime() > now.getTime() ? ('upcoming' as const) : p.version === current.version ? ('current' as const) : ('past' as const),
            createdBy: createdBy.get(p.version) ?? '',
            policy: { ...p, effectiveFrom: p.effectiveFrom.toISOString() },
            view: presentPolicy(p),
          })),
      };
    },
  }),
  defineRoute({
    operationId: 'admin.pointsPolicies.create',
    method: 'post',
    path: '/api/admin/points-policies',
    summary: '（管理员）发布新版本积分规则：只改需要改的部分，其余沿用最新版本；生效日期必须晚于今天（从不追溯，已获得的积分不受影响）',
    tags: ['passbook', 'admin'],
    auth: 'session',
    body: draftBody,
    successStatus: 201,
    response: policyPublishedView,
    errors: ['access_denied', 'validation_failed', 'points_policy_date_invalid', 'effective_from_must_be_in_future', 'policy_invalid', 'points_policy_version_conflict'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.pointsPolicy.manage', { kind: 'programme' }, { pointsPolicy: 'publish', effectiveFrom: body.effectiveFrom });
      const actor = requireAccountActor(ctx);
      const draft = draftOf(body, deps.clock.now());
      const { policies, base } = await latest(deps);
      const policy = policyFromDraft(base, draft, base.version + 1);
      const published = await publishPolicyVersion(deps, policy, actor.accountId);
      switch (published.result) {
        case 'published': {
          const { current } = split(policies, deps.clock.now());
          return { version: published.version, effectiveFrom: shanghaiDate(published.effectiveFrom), view: presentPolicy(policy), changes: policyChanges(current, policy) };
        }
        case 'effective_from_must_be_in_future':
          throw new AppError('effective_from_must_be_in_future', 422);
        case 'policy_invalid':
          throw new AppError('policy_invalid', 422, { problems: published.problems.map((code) => ({ code, message: problemTexts[code] })) });
        case 'version_exists':
        case 'version_must_follow_latest':
          throw new AppError('points_policy_version_conflict', 409);
      }
    },
  }),
  defineRoute({
    operationId: 'admin.pointsPolicies.preview',
    method: 'post',
    path: '/api/admin/points-policies/preview',
    summary: '（管理员）试算：一位样例居民的一组事件，在草案规则和当前规则下各得多少积分（同一天内依次发生，按上限计算）',
    tags: ['passbook', 'admin'],
    auth: 'session',
    body: z
      .object({
        draft: z.object({ effectiveFrom: effectiveDay.optional(), ...draftFields }).strict(),
        events: z
          .array(
            z
              .object({
                eventType: earnEventType,
                subKey: z.string().max(40).optional(),
                contracted: z.boolean().default(true),
                verifiedBy: z.enum(['clinic', 'home']).optional(),
                count: z.number().int().min(1).max(400).default(1),
              })
              .strict(),
          )
          .min(1, '请至少填写一个样例事件')
          .max(50),
      })
      .strict(),
    response: policyPreviewView,
    errors: ['access_denied', 'validation_failed', 'points_policy_date_invalid'],
    handler: async ({ body, ctx, deps }) => {
      await authorize({ deps, ctx }, 'programme.pointsPolicy.manage', { kind: 'programme' });
      const now = deps.clock.now();
      const { policies, base } = await latest(deps);
      const { current } = split(policies, now);
      const draft = policyFromDraft(base, draftOf(body.draft, now), base.version + 1);
      const problems = policyProblems(draft).map((code) => ({ code, message: problemTexts[code] }));
      if (problems.length > 0) return { lines: [], currentTotalPoints: 0, draftTotalPoints: 0, problems };
      return { ...previewPolicy(current, draft, body.events), problems };
    },
  }),
];
