/**
 * Who the specialist should review (医防融合: 上级医院专科医生与家庭医生团队共管). A resident enters the
 * specialist's queue when the team asks (a review request or an up-referral) or when a rule flags
 * them — docs/clinical-rules.md §5.4 (two uncontrolled follow-ups in a row, or a complication: the
 * spec's reasons to refer upward), an urgent home value (§1.4, §2) and, where an assessment exists,
 * a high 10-year cardiovascular risk (China-PAR ≥ 10 %, 中国心血管病风险评估和管理指南 2019).
 *
 * Pure: the same facts give the same flags. Each flag has a key derived from what raised it, so
 * the service stores it at most once however often the rules are re-run.
 */
import { referralReasonOf, type FollowUpRecord } from '../followup/dueEngine';
import { addCalendarDays, shanghaiDate, toInstant, type CalendarDay, type Instant } from '../time/shanghai';

export const reviewFlagReasons = ['teamRequest', 'upReferral', 'uncontrolledTwice', 'complication', 'urgentAlert', 'highCardiovascularRisk'] as const;
export type ReviewFlagReason = (typeof reviewFlagReasons)[number];

/** The queue puts these first: the resident may need care soon. */
export const urgentFlagReasons: readonly ReviewFlagReason[] = ['urgentAlert', 'complication'];

export interface ReviewFlag {
  /** `<reason>:<what raised it>`: unique per resident. */
  key: string;
  reason: ReviewFlagReason;
  on: CalendarDay;
}

/** An urgent home value older than this no longer calls the specialist (the team has handled it). */
export const URGENT_FLAG_WINDOW_DAYS = 30;
/** The China-PAR category that flags (the guideline's 高危, ≥ 10 % in 10 years). */
export const HIGH_CARDIOVASCULAR_RISK_CATEGORY = 'high';

export interface RuleFlagInput {
  today: Instant;
  /** Visited follow-ups (not lost or died), any order. */
  followUps: ReadonlyArray<Pick<FollowUpRecord, 'id' | 'date' | 'classification'>>;
  /** Urgent home readings (each raised a team alert). */
  urgentReadings: ReadonlyArray<{ readingId: string; measuredAt: Instant }>;
  /** The latest 10-year risk assessment where one exists (China-PAR: `chinaPar10YearRisk().category`). */
  cardiovascularRisk?: { category: string; assessedOn: Instant } | undefined;
}

export function ruleFlagsFor(input: RuleFlagInput): ReviewFlag[] {
  const today = shanghaiDate(toInstant(input.today));
  const flags: ReviewFlag[] = [];
  const followUps = input.followUps
    .map((f) => ({ ...f, day: shanghaiDate(f.date) }))
    .filter((f) => f.day <= today)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const referral = referralReasonOf(followUps);
  const last = followUps.at(-1);
  if (referral && last) flags.push({ key: `${referral}:${last.id}`, reason: referral, on: last.day });
  const since = addCalendarDays(today, -URGENT_FLAG_WINDOW_DAYS);
  for (const reading of input.urgentReadings) {
    const on = shanghaiDate(reading.measuredAt);
    if (on >= since && on <= today) flags.push({ key: `urgentAlert:${reading.readingId}`, reason: 'urgentAlert', on });
  }
  const risk = input.cardiovascularRisk;
  if (risk && risk.category === HIGH_CARDIOVASCULAR_RISK_CATEGORY) {
    const on = shanghaiDate(risk.assessedOn);
    flags.push({ key: `highCardiovascularRisk:${on}`, reason: 'highCardiovascularRisk', on });
  }
  return flags;
}
