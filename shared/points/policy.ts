/**
 * The points policy: configuration, versioned and effective-dated (docs/domain.md §4).
 * Numbers live here as data so a new version is a new object, never a code change; points and
 * fen are integers throughout.
 */
import { toInstant, type Instant } from '../time/shanghai';

export type EarnEventType =
  | 'contractSigned'
  | 'contractRenewed'
  | 'faceToFaceFollowUp'
  | 'phoneFollowUp'
  | 'screeningBp'
  | 'screeningGlucose'
  | 'screeningLipids'
  | 'hcyTest'
  | 'folateCourseCompleted'
  | 'healthEducation'
  | 'homeReading'
  | 'quarterlyAtTarget'
  | 'medicationAdherenceWeek';

export const earnEventTypes: readonly EarnEventType[] = [
  'contractSigned',
  'contractRenewed',
  'faceToFaceFollowUp',
  'phoneFollowUp',
  'screeningBp',
  'screeningGlucose',
  'screeningLipids',
  'hcyTest',
  'folateCourseCompleted',
  'healthEducation',
  'homeReading',
  'quarterlyAtTarget',
  'medicationAdherenceWeek',
];

/**
 * Caps are in points, not event counts, so one counter per period serves every rule
 * (healthEducation "≤ 4 per month" at 20 points is a 80-point monthly cap).
 * The daily cap counts per sub-key when `subKeyRequired` (homeReading: per measure per day).
 */
export interface EarningRule {
  points: number;
  dailyCapPoints?: number;
  monthlyCapPoints?: number;
  yearlyCapPoints?: number;
  /** Only residents with an active family-doctor contract earn this. */
  contractedOnly?: boolean;
  /** The event must name a sub-key (e.g. the measure of a home reading). */
  subKeyRequired?: boolean;
  /** Only clinic-verified values count (quarterly 达标). */
  clinicVerifiedOnly?: boolean;
}

export interface PointsPolicy {
  version: number;
  effectiveFrom: Date;
  valueFenPerPoint: number;
  earningRules: Record<EarnEventType, EarningRule>;
  /** Per resident per Shanghai calendar year, all event types together. */
  yearlyEarnCapPoints: number;
  redemption: {
    /** Share of the eligible self-paid amount, in basis points (5000 = 50 %). */
    maxShareOfEligibleBasisPoints: number;
    minPoints: number;
    /** Per resident per Shanghai calendar month. */
    monthlyCapPoints: number;
  };
  expiry: { kind: 'endOfFollowingYear' };
}

/**
 * docs/domain.md §4 defaults. contractedOnly is set on the services a contract buys (follow-ups,
 * quarterly 达标, the folate course the team manages); screening, Hcy tests, education and home
 * readings stay open to everyone so uncontracted residents are drawn in.
 */
export const defaultPolicy: PointsPolicy = {
  version: 1,
  effectiveFrom: new Date('2026-01-01T00:00:00+08:00'),
  valueFenPerPoint: 10,
  earningRules: {
    contractSigned: { points: 200 },
    contractRenewed: { points: 100 },
    faceToFaceFollowUp: { points: 50, contractedOnly: true },
    phoneFollowUp: { points: 10, contractedOnly: true },
    screeningBp: { points: 20 },
    screeningGlucose: { points: 20 },
    screeningLipids: { points: 20 },
    hcyTest: { points: 30 },
    folateCourseCompleted: { points: 50, contractedOnly: true },
    healthEducation: { points: 20, monthlyCapPoints: 80 },
    homeReading: { points: 2, dailyCapPoints: 2, monthlyCapPoints: 60, subKeyRequired: true },
    quarterlyAtTarget: { points: 100, contractedOnly: true, clinicVerifiedOnly: true },
    // Off (0 points) until the programme decides to reward taking medicines: a week of every
    // scheduled dose confirmed (shared/medication/adherence.ts). An admin turns it on with a new version.
    medicationAdherenceWeek: { points: 0 },
  },
  yearlyEarnCapPoints: 2000,
  redemption: { maxShareOfEligibleBasisPoints: 5000, minPoints: 10, monthlyCapPoints: 500 },
  expiry: { kind: 'endOfFollowingYear' },
};

/**
 * A stored policy with a rule for every event type this code knows: a version stored before a
 * rule existed gets it switched off (0 points), which is what that version meant.
 */
export function withEveryEarningRule(policy: PointsPolicy): PointsPolicy {
  const rules: Partial<Record<EarnEventType, EarningRule>> = policy.earningRules;
  const earningRules = Object.fromEntries(earnEventTypes.map((type) => [type, rules[type] ?? { points: 0 }])) as Record<EarnEventType, EarningRule>;
  return { ...policy, earningRules };
}

/**
 * The version in effect at an instant: the latest effectiveFrom not after `at`; on equal dates the
 * higher version. Undefined when none has started yet — a configuration error the caller reports.
 */
export function policyInEffect(policies: readonly PointsPolicy[], at: Instant): PointsPolicy | undefined {
  const t = toInstant(at).getTime();
  let chosen: PointsPolicy | undefined;
  for (const policy of policies) {
    const from = policy.effectiveFrom.getTime();
    if (from > t) continue;
    const chosenFrom = chosen?.effectiveFrom.getTime();
    if (!chosen || chosenFrom === undefined || from > chosenFrom || (from === chosenFrom && policy.version > chosen.version)) {
      chosen = policy;
    }
  }
  return chosen;
}

export type PolicyProblem =
  | 'version_must_be_positive_integer'
  | 'effective_from_must_be_valid'
  | 'value_fen_per_point_must_be_positive_integer'
  | 'amounts_must_be_non_negative_integers'
  | 'share_must_be_between_0_and_10000_basis_points';

/** Checks a policy before it is stored; an empty list means valid. */
export function policyProblems(policy: PointsPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const nonNegative = (n: number | undefined): boolean => n === undefined || (Number.isSafeInteger(n) && n >= 0);
  if (!Number.isSafeInteger(policy.version) || policy.version < 1) problems.push('version_must_be_positive_integer');
  if (Number.isNaN(policy.effectiveFrom.getTime())) problems.push('effective_from_must_be_valid');
  if (!Number.isSafeInteger(policy.valueFenPerPoint) || policy.valueFenPerPoint < 1) {
    problems.push('value_fen_per_point_must_be_positive_integer');
  }
  const amounts = [
    policy.yearlyEarnCapPoints,
    policy.redemption.minPoints,
    policy.redemption.monthlyCapPoints,
    ...Object.values(policy.earningRules).flatMap((r) => [r.points, r.dailyCapPoints, r.monthlyCapPoints, r.yearlyCapPoints]),
  ];
  if (!amounts.every(nonNegative)) problems.push('amounts_must_be_non_negative_integers');
  const share = policy.redemption.maxShareOfEligibleBasisPoints;
  if (!Number.isSafeInteger(share) || share < 0 || share > 10000) {
    problems.push('share_must_be_between_0_and_10000_basis_points');
  }
  return problems;
}
