import { emptyScorecardCounts, metricValues, scorecardMetrics } from '../../../../shared/scorecard/metrics';

/** The scorecard's figures from counts: counts as they are, rates to 4 decimals, scores and points per resident to 2; nothing to measure → null. */
describe('metricValues', () => {
  const counts = { ...emptyScorecardCounts(), contractsSigned: 3, htnManaged: 3, htnSpec: 2, surveyResponses: 3, surveyScoreSum: 13, surveySatisfied: 2, contractedResidents: 3, pointsIssued: 1000 };
  const byKey = Object.fromEntries(metricValues(counts).map((v) => [v.key, v]));

  test.each([
    ['contractsSigned', 3, 3, null],
    ['htnSpecRate', 0.6667, 2, 3],
    ['dmSpecRate', null, 0, 0],
    ['satisfactionRate', 0.6667, 2, 3],
    ['satisfactionScore', 4.33, 13, 3],
    ['pointsIssuedPerResident', 333.33, 1000, 3],
  ] as const)('%s = %s (%s / %s)', (key, value, numerator, denominator) => {
    expect(byKey[key]).toEqual({ key, value, numerator, denominator });
  });

  test('every figure has a label and a formula', () => {
    for (const m of scorecardMetrics) {
      expect(m.label).not.toBe('');
      expect(m.formula.length).toBeGreaterThan(8);
      if (m.denominator) expect(m.formula).toContain('÷');
    }
  });
});
