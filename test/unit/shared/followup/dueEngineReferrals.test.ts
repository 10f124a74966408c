import { dueItems, referralReasonOf, type DueEngineInput, type DueItem, type FollowUpRecord } from '../../../../shared/followup/dueEngine';

/**
 * 双向转诊 and co-management in the due engine (docs/clinical-rules.md §5.4: refer upward after two
 * uncontrolled follow-ups or a complication, and check on the referral actively within 2 weeks; the
 * down-referral's plan and the specialist's next review become due items for the team).
 */
// Shanghai 2026-11-23 10:00.
const today = new Date('2026-11-23T02:00:00Z');
const base: DueEngineInput = { today, conditions: ['hypertension'], hTypeHypertension: false, followUps: [], folateCourses: [], lastAnnualCheckOn: '2026-06-01' };

let nextId = 0;
const fu = (date: string, classification: FollowUpRecord['classification'], mode: FollowUpRecord['mode'] = 'clinic'): FollowUpRecord => ({ id: `fu${(nextId += 1)}`, date, mode, classification });
const rows = (items: DueItem[]) => items.map((i) => `${i.kind} ${i.dueBy} ${i.status} ${i.reason}${i.referralFlag ? ' referral' : ''}`);
const uncontrolledTwice = [fu('2026-11-05', 'unsatisfied'), fu('2026-11-19', 'unsatisfied')];
const laterRows = ['faceToFaceFollowUp 2027-02-19 upcoming three_months_since_last_face_to_face_follow_up', 'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check'];

describe('due items that follow referrals and the specialist', () => {
  test.each<[string, Partial<DueEngineInput>, string[]]>([
    ['two uncontrolled follow-ups, not yet referred: the re-follow-up carries the referral flag', { followUps: uncontrolledTwice }, ['reFollowUp 2026-12-03 upcoming fourteen_days_since_unsatisfied_follow_up referral', ...laterRows]],
    [
      'referred after that follow-up: checking on the referral within 2 weeks replaces it',
      { followUps: uncontrolledTwice, referrals: [{ referredOn: '2026-11-20', open: true }] },
      ['referralCheck 2026-12-04 upcoming fourteen_days_since_referral', ...laterRows],
    ],
    [
      'a referral made before the latest follow-up does not answer its flag',
      { followUps: uncontrolledTwice, referrals: [{ referredOn: '2026-11-10', open: true }] },
      ['referralCheck 2026-11-24 due fourteen_days_since_referral', 'reFollowUp 2026-12-03 upcoming fourteen_days_since_unsatisfied_follow_up referral', ...laterRows],
    ],
    [
      'declined (closed without coming back): nothing to check, the flag stands',
      { followUps: uncontrolledTwice, referrals: [{ referredOn: '2026-11-20', open: false }] },
      ['reFollowUp 2026-12-03 upcoming fourteen_days_since_unsatisfied_follow_up referral', ...laterRows],
    ],
    [
      'came back down with a 7-day plan: the team follows up by then',
      { followUps: uncontrolledTwice, referrals: [{ referredOn: '2026-11-20', open: false, returnedOn: '2026-11-22', followUpWithinDays: 7 }] },
      ['postReferralFollowUp 2026-11-29 due down_referral_plan_follow_up', ...laterRows],
    ],
    [
      'came back down without a number of days: 2 weeks (and it covers the month\'s call)',
      { followUps: [fu('2026-11-01', 'satisfied')], referrals: [{ referredOn: '2026-11-02', open: false, returnedOn: '2026-11-03' }] },
      ['postReferralFollowUp 2026-11-17 overdue down_referral_plan_follow_up', 'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up', 'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check'],
    ],
    [
      'a follow-up on or after the down-referral day completes it',
      { followUps: [fu('2026-11-03', 'satisfied')], referrals: [{ referredOn: '2026-11-02', open: false, returnedOn: '2026-11-03' }] },
      ['phoneFollowUp 2026-12-03 upcoming one_month_since_last_follow_up', 'faceToFaceFollowUp 2027-02-03 upcoming three_months_since_last_face_to_face_follow_up', 'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check'],
    ],
    [
      "the specialist's next review date",
      { followUps: [fu('2026-11-19', 'satisfied')], specialistNextReviewOn: '2026-12-20' },
      ['phoneFollowUp 2026-12-19 upcoming one_month_since_last_follow_up', 'specialistReview 2026-12-20 upcoming specialist_review_date', ...laterRows],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(rows(dueItems({ ...base, ...overrides }))).toEqual(expected);
  });
});

describe('referralReasonOf (docs/clinical-rules.md §5.4)', () => {
  test.each<[FollowUpRecord['classification'][], ReturnType<typeof referralReasonOf>]>([
    [[], null],
    [['unsatisfied'], null],
    [['satisfied', 'unsatisfied'], null],
    [['unsatisfied', 'unsatisfied'], 'uncontrolledTwice'],
    [['complication', 'unsatisfied'], 'uncontrolledTwice'],
    [['unsatisfied', 'complication'], 'complication'],
    [['complication'], 'complication'],
    [['unsatisfied', 'adverseReaction'], null],
    [['unsatisfied', 'unsatisfied', 'satisfied'], null],
  ])('%j → %s', (classifications, expected) => {
    expect(referralReasonOf(classifications.map((classification) => ({ classification })))).toBe(expected);
  });
});
