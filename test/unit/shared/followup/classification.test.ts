import { deriveFollowUpClassification, type ClassificationInput } from '../../../../shared/followup/classification';

/**
 * 此次随访分类 derived when the form leaves it empty (docs/clinical-rules.md §5.4): the spec's 控制满意
 * (SPEC-HTN [S]: BP <140/90, <150/90 at ≥65 [BK]; WYJK [S2]: FPG <7.0); an adverse reaction is the
 * more severe option and wins (DMF [S] form note: record the most severe); nothing to judge → null.
 */
describe('deriveFollowUpClassification', () => {
  const htn = (over: Partial<ClassificationInput>): ClassificationInput => ({ form: 'hypertension', ageYears: 60, adverseReactionPresent: false, ...over });
  const dm = (over: Partial<ClassificationInput>): ClassificationInput => ({ form: 'diabetes', ageYears: 60, adverseReactionPresent: false, ...over });

  test.each<[string, ClassificationInput, string | null]>([
    ['150/95 at 60 → 控制不满意 (SPEC-HTN ≥140/90)', htn({ systolicMmHg: 150, diastolicMmHg: 95 }), 'unsatisfied'],
    ['139/89 at 60 → 控制满意', htn({ systolicMmHg: 139, diastolicMmHg: 89 }), 'satisfied'],
    ['140/80 at 60 → 控制不满意', htn({ systolicMmHg: 140, diastolicMmHg: 80 }), 'unsatisfied'],
    ['145/85 at 70 → 控制满意 (<150/90 at ≥65)', htn({ ageYears: 70, systolicMmHg: 145, diastolicMmHg: 85 }), 'satisfied'],
    ['150/85 at 70 → 控制不满意', htn({ ageYears: 70, systolicMmHg: 150, diastolicMmHg: 85 }), 'unsatisfied'],
    ['controlled BP with an adverse reaction → 不良反应', htn({ systolicMmHg: 130, diastolicMmHg: 80, adverseReactionPresent: true }), 'adverseReaction'],
    ['uncontrolled BP with an adverse reaction → 不良反应 (the more severe)', htn({ systolicMmHg: 160, diastolicMmHg: 100, adverseReactionPresent: true }), 'adverseReaction'],
    ['adverse reaction, no values → 不良反应', htn({ adverseReactionPresent: true }), 'adverseReaction'],
    ['hypertension form without a BP → null', htn({}), null],
    ['only SBP → null', htn({ systolicMmHg: 150 }), null],
    ['diabetes FPG 6.9 → 控制满意 (WYJK <7.0)', dm({ fastingGlucoseMmolL: 6.9 }), 'satisfied'],
    ['diabetes FPG 7.0 → 控制不满意', dm({ fastingGlucoseMmolL: 7.0 }), 'unsatisfied'],
    ['diabetes form judged on FPG, not its BP', dm({ fastingGlucoseMmolL: 6.2, systolicMmHg: 150, diastolicMmHg: 95 }), 'satisfied'],
    ['diabetes form without an FPG → null', dm({ systolicMmHg: 120, diastolicMmHg: 70 }), null],
  ])('%s', (_case, input, expected) => {
    expect(deriveFollowUpClassification(input)).toBe(expected);
  });
});
