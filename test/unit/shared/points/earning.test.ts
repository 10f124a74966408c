import { pointsForEvent, type EarnCounters, type EarnEvent } from '../../../../shared/points/earning';
import { defaultPolicy, withEveryEarningRule, type PointsPolicy } from '../../../../shared/points/policy';

const zero: EarnCounters = { earnedTodayPoints: 0, earnedThisMonthPoints: 0, earnedThisYearPoints: 0, earnedThisYearTotalPoints: 0 };

// Rows: event · counters already credited → reason · credited · capped.
type Row = [string, EarnEvent, Partial<EarnCounters>, string, number, number];

describe('pointsForEvent (default policy)', () => {
  test.each<Row>([
    // plain earning
    ['contract signed', { type: 'contractSigned', contracted: false }, {}, 'earned', 200, 0],
    ['contract renewed', { type: 'contractRenewed', contracted: true }, {}, 'earned', 100, 0],
    ['face-to-face follow-up', { type: 'faceToFaceFollowUp', contracted: true }, {}, 'earned', 50, 0],
    ['phone follow-up', { type: 'phoneFollowUp', contracted: true }, {}, 'earned', 10, 0],
    ['BP screening, uncontracted', { type: 'screeningBp', contracted: false }, {}, 'earned', 20, 0],
    ['glucose screening', { type: 'screeningGlucose', contracted: false }, {}, 'earned', 20, 0],
    ['lipid screening', { type: 'screeningLipids', contracted: false }, {}, 'earned', 20, 0],
    ['Hcy test', { type: 'hcyTest', contracted: false }, {}, 'earned', 30, 0],
    ['folate course completed', { type: 'folateCourseCompleted', contracted: true }, {}, 'earned', 50, 0],

    // eligibility, in precedence order
    ['adherent week: the rule is off by default', { type: 'medicationAdherenceWeek', contracted: true }, {}, 'not_eligible_rule_off', 0, 0],
    ['follow-up without contract', { type: 'faceToFaceFollowUp', contracted: false }, {}, 'not_eligible_uncontracted', 0, 0],
    ['phone follow-up without contract', { type: 'phoneFollowUp', contracted: false }, {}, 'not_eligible_uncontracted', 0, 0],
    ['home reading without measure', { type: 'homeReading', contracted: true }, {}, 'not_eligible_sub_key_required', 0, 0],
    [
      'uncontracted beats home-only',
      { type: 'quarterlyAtTarget', contracted: false, verifiedBy: 'home' },
      {},
      'not_eligible_uncontracted',
      0,
      0,
    ],
    [
      '达标 on home readings',
      { type: 'quarterlyAtTarget', contracted: true, verifiedBy: 'home' },
      {},
      'not_eligible_home_readings_only',
      0,
      0,
    ],
    ['达标 unverified', { type: 'quarterlyAtTarget', contracted: true }, {}, 'not_eligible_home_readings_only', 0, 0],
    ['达标 clinic-verified', { type: 'quarterlyAtTarget', contracted: true, verifiedBy: 'clinic' }, {}, 'earned', 100, 0],
    [
      'ineligible even when caps are full: eligibility first',
      { type: 'quarterlyAtTarget', contracted: true, verifiedBy: 'home' },
      { earnedThisYearTotalPoints: 2000 },
      'not_eligible_home_readings_only',
      0,
      0,
    ],

    // home reading: daily cap per measure (2), monthly cap 60
    ['first BP reading today', { type: 'homeReading', subKey: 'bp', contracted: false }, {}, 'earned', 2, 0],
    [
      'second BP reading today',
      { type: 'homeReading', subKey: 'bp', contracted: false },
      { earnedTodayPoints: 2, earnedThisMonthPoints: 2 },
      'capped_by_daily_limit',
      0,
      2,
    ],
    [
      'monthly 58 → last 2',
      { type: 'homeReading', subKey: 'glucose', contracted: false },
      { earnedThisMonthPoints: 58 },
      'earned',
      2,
      0,
    ],
    [
      'monthly 59 (policy change) → 1 of 2',
      { type: 'homeReading', subKey: 'glucose', contracted: false },
      { earnedThisMonthPoints: 59 },
      'capped_by_monthly_limit',
      1,
      1,
    ],
    [
      'monthly 60 → capped',
      { type: 'homeReading', subKey: 'glucose', contracted: false },
      { earnedThisMonthPoints: 60 },
      'capped_by_monthly_limit',
      0,
      2,
    ],
    [
      'daily and monthly both full → daily reported (shorter period first)',
      { type: 'homeReading', subKey: 'bp', contracted: false },
      { earnedTodayPoints: 2, earnedThisMonthPoints: 60 },
      'capped_by_daily_limit',
      0,
      2,
    ],

    // health education: ≤ 4 per month = 80 points
    ['3rd session this month', { type: 'healthEducation', contracted: false }, { earnedThisMonthPoints: 40 }, 'earned', 20, 0],
    ['4th session this month', { type: 'healthEducation', contracted: false }, { earnedThisMonthPoints: 60 }, 'earned', 20, 0],
    ['5th session this month', { type: 'healthEducation', contracted: false }, { earnedThisMonthPoints: 80 }, 'capped_by_monthly_limit', 0, 20],

    // yearly total cap 2000
    ['1950 + 50 = exactly the cap', { type: 'faceToFaceFollowUp', contracted: true }, { earnedThisYearTotalPoints: 1950 }, 'earned', 50, 0],
    [
      '1998 + 50 → 2 credited, 48 capped',
      { type: 'faceToFaceFollowUp', contracted: true },
      { earnedThisYearTotalPoints: 1998 },
      'capped_by_yearly_limit',
      2,
      48,
    ],
    [
      '1999 + 200',
      { type: 'contractSigned', contracted: false },
      { earnedThisYearTotalPoints: 1999 },
      'capped_by_yearly_limit',
      1,
      199,
    ],
    ['2000 + 10', { type: 'phoneFollowUp', contracted: true }, { earnedThisYearTotalPoints: 2000 }, 'capped_by_yearly_limit', 0, 10],
    [
      'over the cap already (policy lowered) → 0, never negative',
      { type: 'phoneFollowUp', contracted: true },
      { earnedThisYearTotalPoints: 2500 },
      'capped_by_yearly_limit',
      0,
      10,
    ],
    [
      'monthly tighter than yearly → monthly reported',
      { type: 'homeReading', subKey: 'bp', contracted: false },
      { earnedThisMonthPoints: 59, earnedThisYearTotalPoints: 1999 },
      'capped_by_monthly_limit',
      1,
      1,
    ],
    [
      'equal room monthly and yearly → monthly reported',
      { type: 'healthEducation', contracted: false },
      { earnedThisMonthPoints: 70, earnedThisYearTotalPoints: 1990 },
      'capped_by_monthly_limit',
      10,
      10,
    ],
    [
      'yearly tighter than monthly → yearly reported',
      { type: 'healthEducation', contracted: false },
      { earnedThisMonthPoints: 70, earnedThisYearTotalPoints: 1995 },
      'capped_by_yearly_limit',
      5,
      15,
    ],
  ])('%s → %s, +%i credited, %i capped', (_name, event, counters, reason, points, cappedPoints) => {
    expect(pointsForEvent(defaultPolicy, event, { ...zero, ...counters })).toEqual({ points, cappedPoints, reason });
  });
});

describe('per-type yearly cap (configured by a later policy)', () => {
  const policy: PointsPolicy = {
    ...defaultPolicy,
    version: 2,
    earningRules: { ...defaultPolicy.earningRules, hcyTest: { points: 30, yearlyCapPoints: 30 } },
  };
  test.each<[number, number, string, number, number]>([
    [0, 0, 'earned', 30, 0],
    [30, 30, 'capped_by_yearly_limit_for_event_type', 0, 30],
    [10, 1990, 'capped_by_yearly_limit', 10, 20],
  ])('type %i, total %i → %s', (year, total, reason, points, cappedPoints) => {
    const result = pointsForEvent(policy, { type: 'hcyTest', contracted: false }, { ...zero, earnedThisYearPoints: year, earnedThisYearTotalPoints: total });
    expect(result).toEqual({ points, cappedPoints, reason });
  });
});

test.each([[-1], [1.5], [Number.NaN]])('counters must be non-negative integers: %p', (bad) => {
  expect(() => pointsForEvent(defaultPolicy, { type: 'hcyTest', contracted: false }, { ...zero, earnedThisMonthPoints: bad })).toThrow(
    RangeError,
  );
});

describe('the medication adherence rule (off by default, on by a policy version)', () => {
  const on: PointsPolicy = { ...defaultPolicy, version: 2, earningRules: { ...defaultPolicy.earningRules, medicationAdherenceWeek: { points: 10, monthlyCapPoints: 40 } } };
  test('a week earns once the policy gives it points, within its cap', () => {
    expect(pointsForEvent(on, { type: 'medicationAdherenceWeek', contracted: false }, zero)).toEqual({ points: 10, cappedPoints: 0, reason: 'earned' });
    expect(pointsForEvent(on, { type: 'medicationAdherenceWeek', contracted: false }, { ...zero, earnedThisMonthPoints: 40 })).toEqual({ points: 0, cappedPoints: 10, reason: 'capped_by_monthly_limit' });
  });
  test('a version stored before the rule existed reads it as off', () => {
    const { medicationAdherenceWeek: _gone, ...older } = defaultPolicy.earningRules;
    const stored = withEveryEarningRule({ ...defaultPolicy, earningRules: older as PointsPolicy['earningRules'] });
    expect(stored.earningRules.medicationAdherenceWeek).toEqual({ points: 0 });
    expect(pointsForEvent(stored, { type: 'medicationAdherenceWeek', contracted: true }, zero).reason).toBe('not_eligible_rule_off');
  });
});
