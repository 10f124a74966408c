import { z } from 'zod';
import { calendarDay, instant, moneyFen, points } from './formats';

/**
 * 积分规则 API shapes: the points-policy routes validate their answers with these, the admin's
 * policy page parses the same responses with them.
 */

/** A policy version in words, as residents and admins read it. */
export const policyView = z.object({
  version: z.number().int(),
  effectiveFrom: z.string(),
  valueText: z.string(),
  valueFenPerPoint: moneyFen,
  earning: z.array(z.object({ eventType: z.string(), label: z.string(), points, limitText: z.string().nullable(), contractedOnly: z.boolean() })),
  yearlyCapText: z.string(),
  redemptionLines: z.array(z.string()),
  expiryText: z.string(),
});

const cap = points.nullish();
/** A version's numbers as stored (shared/points/policy.ts `PointsPolicy`): what a new draft builds on. */
export const storedPolicyView = z.object({
  version: z.number().int(),
  effectiveFrom: instant,
  valueFenPerPoint: moneyFen,
  earningRules: z.record(
    z.string(),
    z.object({ points, dailyCapPoints: cap, monthlyCapPoints: cap, yearlyCapPoints: cap, contractedOnly: z.boolean().optional(), subKeyRequired: z.boolean().optional(), clinicVerifiedOnly: z.boolean().optional() }),
  ),
  yearlyEarnCapPoints: points,
  redemption: z.object({ maxShareOfEligibleBasisPoints: z.number().int(), minPoints: points, monthlyCapPoints: points }),
  expiry: z.object({ kind: z.literal('endOfFollowingYear') }),
});
export type StoredPolicyDto = z.infer<typeof storedPolicyView>;

/** What residents read (`GET /api/points-policy/current`): the policy in effect and, if published, the next one. */
export const currentPolicyView = z.object({
  current: policyView,
  upcoming: z.object({ effectiveFrom: z.string(), noticeText: z.string(), changes: z.array(z.string()), policy: policyView }).nullable(),
});
export type CurrentPolicyDto = z.infer<typeof currentPolicyView>;

export const policyVersionStatuses = ['past', 'current', 'upcoming'] as const;
export const policyVersionsView = z.object({
  versions: z.array(z.object({ version: z.number().int(), effectiveFrom: calendarDay(), status: z.enum(policyVersionStatuses), createdBy: z.string(), policy: storedPolicyView, view: policyView })),
});
export type PolicyVersionsDto = z.infer<typeof policyVersionsView>;

export const policyPublishedView = z.object({ version: z.number().int(), effectiveFrom: calendarDay(), view: policyView, changes: z.array(z.string()) });

export const policyPreviewView = z.object({
  lines: z.array(z.object({ eventType: z.string(), label: z.string(), count: z.number().int(), currentPoints: points, draftPoints: points })),
  currentTotalPoints: points,
  draftTotalPoints: points,
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
});
