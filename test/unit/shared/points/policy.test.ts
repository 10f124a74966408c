import { defaultPolicy, earnEventTypes, policyInEffect, policyProblems, type PointsPolicy } from '../../../../shared/points/policy';

function version(v: number, effectiveFrom: string): PointsPolicy {
  return { ...defaultPolicy, version: v, effectiveFrom: new Date(effectiveFrom) };
}

describe('defaultPolicy (docs/domain.md §4)', () => {
  test.each([
    ['contractSigned', 200],
    ['contractRenewed', 100],
    ['faceToFaceFollowUp', 50],
    ['phoneFollowUp', 10],
    ['screeningBp', 20],
    ['screeningGlucose', 20],
    ['screeningLipids', 20],
    ['hcyTest', 30],
    ['folateCourseCompleted', 50],
    ['healthEducation', 20],
    ['homeReading', 2],
    ['quarterlyAtTarget', 100],
  ] as const)('%s earns %i', (type, points) => {
    expect(defaultPolicy.earningRules[type].points).toBe(points);
  });

  test('limits', () => {
    expect(defaultPolicy.valueFenPerPoint).toBe(10);
    expect(defaultPolicy.yearlyEarnCapPoints).toBe(2000);
    expect(defaultPolicy.redemption).toEqual({ maxShareOfEligibleBasisPoints: 5000, minPoints: 10, monthlyCapPoints: 500 });
    expect(defaultPolicy.earningRules.healthEducation.monthlyCapPoints).toBe(4 * 20);
    expect(defaultPolicy.earningRules.homeReading).toMatchObject({ dailyCapPoints: 2, monthlyCapPoints: 60 });
    expect(Object.keys(defaultPolicy.earningRules).sort()).toEqual([...earnEventTypes].sort());
    expect(policyProblems(defaultPolicy)).toEqual([]);
  });
});

describe('policyInEffect', () => {
  const v1 = version(1, '2026-01-01T00:00:00+08:00');
  const v2 = version(2, '2027-01-01T00:00:00+08:00');
  const v3sameDay = version(3, '2027-01-01T00:00:00+08:00');
  test.each<[string, PointsPolicy[], string, number | undefined]>([
    ['before any version', [v1, v2], '2025-12-31T15:59:59.999Z', undefined],
    ['exactly at effectiveFrom', [v1, v2], '2025-12-31T16:00:00.000Z', 1],
    ['between versions', [v2, v1], '2026-11-23T00:00:00Z', 1],
    ['last instant of 2026 in Shanghai', [v1, v2], '2026-12-31T15:59:59.999Z', 1],
    ['first instant of 2027 in Shanghai', [v1, v2], '2026-12-31T16:00:00.000Z', 2],
    ['same effectiveFrom → higher version', [v1, v3sameDay, v2], '2027-03-01T00:00:00Z', 3],
    ['empty list', [], '2027-03-01T00:00:00Z', undefined],
  ])('%s', (_name, policies, at, expectedVersion) => {
    expect(policyInEffect(policies, at)?.version).toBe(expectedVersion);
  });
});

describe('policyProblems', () => {
  test.each<[string, Partial<PointsPolicy>, string[]]>([
    ['version 0', { version: 0 }, ['version_must_be_positive_integer']],
    ['invalid date', { effectiveFrom: new Date('x') }, ['effective_from_must_be_valid']],
    ['fractional fen per point', { valueFenPerPoint: 0.5 }, ['value_fen_per_point_must_be_positive_integer']],
    ['negative cap', { yearlyEarnCapPoints: -1 }, ['amounts_must_be_non_negative_integers']],
    [
      'share over 100 %',
      { redemption: { ...defaultPolicy.redemption, maxShareOfEligibleBasisPoints: 10001 } },
      ['share_must_be_between_0_and_10000_basis_points'],
    ],
  ])('%s', (_name, patch, problems) => {
    expect(policyProblems({ ...defaultPolicy, ...patch })).toEqual(problems);
  });
});
