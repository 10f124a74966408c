import { assessUrgency, URGENT_ADVICE, type UrgencyInput, type UrgentReasonCode } from '../../../../shared/clinical';

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
