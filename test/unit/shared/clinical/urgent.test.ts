import { assessUrgency, isWarningCoveredByUrgency, urgentPlanOf, urgentValueText, URGENT_ADVICE, type UrgencyInput, type UrgentReasonCode } from '../../../../shared/clinical';

describe('assessUrgency (SPEC-HTN: ≥180 and/or ≥110; SPEC-DM: ≥16.7 or ≤3.9)', () => {
  test.each<[string, UrgencyInput, UrgentReasonCode[]]>([
    ['179/109', { systolicMmHg: 179, diastolicMmHg: 109 }, []],
    ['180/109', { systolicMmHg: 180, diastolicMmHg: 109 }, ['bp_systolic_urgent']],
    ['179/110', { systolicMmHg: 179, diastolicMmHg: 110 }, ['bp_diastolic_urgent']],
    ['180/110', { systolicMmHg: 180, diastolicMmHg: 110 }, ['bp_systolic_urgent', 'bp_diastolic_urgent']],
    ['glucose 16.6', { glucoseMmolL: 16.6 }, []],
    ['glucose 16.7', { glucoseMmolL: 16.7 }, ['glucose_urgent_high']],
    ['glucose 4.0', { glucoseMmolL: 4.0 }, []],
    ['glucose 3.9 (≤3.9 is inclusive)', { glucoseMmolL: 3.9 }, ['glucose_urgent_low']],
    ['glucose 2.5', { glucoseMmolL: 2.5 }, ['glucose_urgent_low']],
    ['BP and glucose together', { systolicMmHg: 190, diastolicMmHg: 100, glucoseMmolL: 20 }, ['bp_systolic_urgent', 'glucose_urgent_high']],
    ['nothing given', {}, []],
  ])('%s', (_case, input, reasons) => {
    const result = assessUrgency(input);
    expect(result.reasons).toEqual(reasons);
    expect(result.urgent).toBe(reasons.length > 0);
    if (reasons.length === 0) expect(result.advice).toEqual([]);
  });

  test.each<[string, UrgencyInput, string[]]>([
    ['high BP', { systolicMmHg: 185, diastolicMmHg: 100 }, [URGENT_ADVICE.remeasureBp, URGENT_ADVICE.seekCare, URGENT_ADVICE.call120]],
    ['high glucose', { glucoseMmolL: 18 }, [URGENT_ADVICE.remeasureGlucose, URGENT_ADVICE.seekCare, URGENT_ADVICE.call120]],
    ['low glucose: treat first', { glucoseMmolL: 3.2 }, [URGENT_ADVICE.treatLowGlucose, URGENT_ADVICE.seekCare, URGENT_ADVICE.call120]],
  ])('advice for %s', (_case, input, advice) => {
    expect(assessUrgency(input).advice).toEqual(advice);
  });

  test('advice says rest 5 minutes and call 120 with symptoms', () => {
    expect(URGENT_ADVICE.remeasureBp).toContain('5分钟');
    expect(URGENT_ADVICE.call120).toContain('120');
  });
});

describe('urgentPlanOf: the severity headline and what to do now (docs/clinical-rules.md §1.4, §2)', () => {
  test.each<[string, string[], string, string]>([
    // ≥180/≥110 is grade 3 (BPG19 table 1) and the spec's urgent referral (SPEC-HTN).
    ['184/114', ['bp_systolic_urgent', 'bp_diastolic_urgent'], '血压很高（3级），需要立即处理', '休息5分钟'],
    ['diastolic only', ['bp_diastolic_urgent'], '血压很高（3级），需要立即处理', '休息5分钟'],
    // SPEC-DM: ≥16.7 re-measured; ≤3.9 treated with fast sugar first [BK].
    ['glucose 18', ['glucose_urgent_high'], '血糖很高，需要立即处理', '再测一次血糖'],
    ['glucose 3.2', ['glucose_urgent_low'], '血糖过低，需要立即处理', '吃几块糖'],
  ])('%s', (_case, reasons, headline, firstStep) => {
    const plan = urgentPlanOf(reasons);
    expect(plan?.headline).toBe(headline);
    expect(plan?.steps[0]).toContain(firstStep);
    expect(plan?.steps.at(-1)).toContain('120');
    expect(plan?.call120Symptoms.length).toBeGreaterThan(2);
    // WeChat `thing` fields hold at most 20 characters.
    expect(plan?.shortHeadline.length).toBeLessThanOrEqual(20);
    expect(plan?.shortAdvice.length).toBeLessThanOrEqual(20);
  });

  test('nothing urgent, no plan', () => expect(urgentPlanOf([])).toBeNull());

  test('the "please confirm" warnings an urgent value makes redundant, and only those', () => {
    expect(isWarningCoveredByUrgency('systolic_high', ['bp_systolic_urgent'])).toBe(true);
    expect(isWarningCoveredByUrgency('diastolic_high', ['bp_systolic_urgent'])).toBe(false);
    expect(isWarningCoveredByUrgency('glucose_low', ['glucose_urgent_low'])).toBe(true);
    expect(isWarningCoveredByUrgency('pulse_pressure_wide', ['bp_systolic_urgent', 'bp_diastolic_urgent'])).toBe(false);
  });

  test('the value as people read it', () => {
    expect(urgentValueText('bp', { systolicMmHg: 184, diastolicMmHg: 114 })).toBe('184/114 mmHg');
    expect(urgentValueText('glucose', { glucoseMmolL: 18.2 })).toBe('18.2 mmol/L');
  });
});
