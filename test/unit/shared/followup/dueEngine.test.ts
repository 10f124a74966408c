import {
  DUE_WINDOW_DAYS,
  dueItems,
  statusOf,
  type DueEngineInput,
  type DueItem,
  type FollowUpRecord,
} from '../../../../shared/followup/dueEngine';

// Shanghai 2026-11-23 10:00.
const today = new Date('2026-11-23T02:00:00Z');

function input(overrides: Partial<DueEngineInput>): DueEngineInput {
  return { today, conditions: [], hTypeHypertension: false, followUps: [], folateCourses: [], ...overrides };
}

let nextId = 0;
function fu(date: string, mode: FollowUpRecord['mode'], classification: FollowUpRecord['classification'] = 'satisfied'): FollowUpRecord {
  nextId += 1;
  return { id: `fu${nextId}`, date, mode, classification };
}

/** One line per item: `kind dueBy status reason [referral]`, in output order. */
function rows(items: DueItem[]): string[] {
  return items.map((i) => `${i.kind} ${i.dueBy} ${i.status} ${i.reason}${i.referralFlag ? ' referral' : ''}`);
}

const htn: DueEngineInput['conditions'] = ['hypertension'];
const contractJune = { startsOn: '2026-06-10', endsOn: '2027-06-09', status: 'active' as const };

describe('dueItems', () => {
  test.each<[string, Partial<DueEngineInput>, string[]]>([
    ['nobody to manage, nothing due', {}, []],
    [
      'managed, no history, no contract: due today; the visit covers the month',
      { conditions: htn },
      ['faceToFaceFollowUp 2026-11-23 due none_on_record_due_today', 'annualHealthCheck 2026-11-23 due none_on_record_due_today'],
    ],
    [
      'no history: first due counted from contract start',
      { conditions: htn, contract: contractJune },
      [
        'phoneFollowUp 2026-07-10 overdue first_due_counted_from_contract_start',
        'faceToFaceFollowUp 2026-09-10 overdue first_due_counted_from_contract_start',
        'annualHealthCheck 2027-06-10 upcoming first_due_counted_from_contract_start',
      ],
    ],
    [
      'monthly from the last follow-up of any mode, quarterly from the last visit',
      {
        conditions: htn,
        followUps: [fu('2026-09-01', 'clinic'), fu('2026-10-20', 'phone')],
        lastAnnualCheckOn: '2026-03-01',
      },
      [
        'phoneFollowUp 2026-11-20 overdue one_month_since_last_follow_up',
        'faceToFaceFollowUp 2026-12-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-03-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'visit due later in the same month absorbs the phone call and takes its earlier date',
      { conditions: htn, followUps: [fu('2026-08-29', 'clinic'), fu('2026-10-10', 'phone')], lastAnnualCheckOn: '2026-06-01' },
      [
        'faceToFaceFollowUp 2026-11-10 overdue face_to_face_follow_up_also_covers_monthly_contact',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'visit due before the phone call absorbs it and keeps its own date',
      { conditions: htn, followUps: [fu('2026-08-20', 'home'), fu('2026-11-01', 'phone')], lastAnnualCheckOn: '2026-06-01' },
      [
        'faceToFaceFollowUp 2026-11-20 overdue three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'a home visit resets the phone clock too',
      { conditions: ['dyslipidemia'], followUps: [fu('2026-11-10', 'home')], lastAnnualCheckOn: '2026-06-01' },
      [
        'phoneFollowUp 2026-12-10 upcoming one_month_since_last_follow_up',
        'faceToFaceFollowUp 2027-02-10 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'unsatisfied → re-follow-up within 14 days, replacing the phone call',
      { conditions: htn, followUps: [fu('2026-10-01', 'clinic'), fu('2026-11-15', 'phone', 'unsatisfied')], lastAnnualCheckOn: '2026-06-01' },
      [
        'reFollowUp 2026-11-29 due fourteen_days_since_unsatisfied_follow_up',
        'faceToFaceFollowUp 2027-01-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'adverse reaction → re-follow-up, no referral',
      { conditions: htn, followUps: [fu('2026-11-01', 'clinic', 'adverseReaction')], lastAnnualCheckOn: '2026-06-01' },
      [
        'reFollowUp 2026-11-15 overdue fourteen_days_since_adverse_reaction_follow_up',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'two consecutive unsatisfied → referral',
      {
        conditions: htn,
        followUps: [fu('2026-11-05', 'clinic', 'unsatisfied'), fu('2026-11-19', 'phone', 'unsatisfied')],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'reFollowUp 2026-12-03 upcoming fourteen_days_since_unsatisfied_follow_up referral',
        'faceToFaceFollowUp 2027-02-05 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'a complication alone → referral follow-up',
      { conditions: htn, followUps: [fu('2026-11-20', 'clinic', 'complication')], lastAnnualCheckOn: '2026-06-01' },
      [
        'reFollowUp 2026-12-04 upcoming fourteen_days_since_complication_follow_up referral',
        'faceToFaceFollowUp 2027-02-20 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'complication then unsatisfied → referral',
      {
        conditions: htn,
        followUps: [fu('2026-11-01', 'clinic', 'complication'), fu('2026-11-15', 'phone', 'unsatisfied')],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'reFollowUp 2026-11-29 due fourteen_days_since_unsatisfied_follow_up referral',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'unsatisfied then adverse reaction → re-follow-up, no referral',
      {
        conditions: htn,
        followUps: [fu('2026-11-01', 'clinic', 'unsatisfied'), fu('2026-11-15', 'phone', 'adverseReaction')],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'reFollowUp 2026-11-29 due fourteen_days_since_adverse_reaction_follow_up',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'unsatisfied then an unclassified one (nothing to judge) → that contact was the re-follow-up; no referral claimed',
      {
        conditions: htn,
        followUps: [fu('2026-11-01', 'clinic', 'unsatisfied'), fu('2026-11-10', 'phone', null)],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'phoneFollowUp 2026-12-10 upcoming one_month_since_last_follow_up',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'unsatisfied then satisfied → the later follow-up was the re-follow-up',
      {
        conditions: htn,
        followUps: [fu('2026-11-01', 'clinic', 'unsatisfied'), fu('2026-11-10', 'phone', 'satisfied')],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'phoneFollowUp 2026-12-10 upcoming one_month_since_last_follow_up',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'follow-ups dated after today are ignored',
      {
        conditions: htn,
        followUps: [fu('2026-11-01', 'clinic'), fu('2026-11-24', 'phone', 'complication')],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'phoneFollowUp 2026-12-01 upcoming one_month_since_last_follow_up',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'follow-ups in any input order',
      { conditions: htn, followUps: [fu('2026-11-10', 'phone'), fu('2026-09-01', 'clinic', 'unsatisfied')], lastAnnualCheckOn: '2026-06-01' },
      [
        'faceToFaceFollowUp 2026-12-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'H-type: monthly BP check and Hcy every 3 years (2024-02-29 + 36 months clamps)',
      {
        conditions: htn,
        hTypeHypertension: true,
        followUps: [fu('2026-10-15', 'clinic')],
        lastBpCheckOn: '2026-10-30',
        lastHcyTestOn: '2024-02-29',
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'phoneFollowUp 2026-11-15 overdue one_month_since_last_follow_up',
        'bpCheck 2026-11-30 due one_month_since_last_bp_check_for_h_type_hypertension',
        'faceToFaceFollowUp 2027-01-15 upcoming three_months_since_last_face_to_face_follow_up',
        'hcyRecheck 2027-02-28 upcoming three_years_since_last_hcy_test_for_h_type_hypertension',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'H-type: a visit after the last BP check counts as one; no Hcy test on record → due today',
      {
        conditions: htn,
        hTypeHypertension: true,
        contract: contractJune,
        followUps: [fu('2026-11-01', 'home')],
        lastBpCheckOn: '2026-09-01',
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'hcyRecheck 2026-11-23 due none_on_record_due_today',
        'phoneFollowUp 2026-12-01 upcoming one_month_since_last_follow_up',
        'bpCheck 2026-12-01 upcoming one_month_since_last_bp_check_for_h_type_hypertension',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'folate course: re-check 3 months after it started; rechecked courses are done',
      {
        conditions: ['hyperhomocysteinemia'],
        followUps: [fu('2026-11-01', 'clinic')],
        folateCourses: [{ startedOn: '2026-08-31' }, { startedOn: '2026-05-01', recheckedOn: '2026-08-05' }],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'hcyRecheck 2026-11-30 due three_months_since_folate_course_started',
        'phoneFollowUp 2026-12-01 upcoming one_month_since_last_follow_up',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'H-type and a folate course: the earlier Hcy re-check wins',
      {
        conditions: htn,
        hTypeHypertension: true,
        followUps: [fu('2026-11-01', 'clinic')],
        lastHcyTestOn: '2025-01-01',
        folateCourses: [{ startedOn: '2026-12-01' }, { startedOn: '2026-10-15' }],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'phoneFollowUp 2026-12-01 upcoming one_month_since_last_follow_up',
        'bpCheck 2026-12-01 upcoming one_month_since_last_bp_check_for_h_type_hypertension',
        'hcyRecheck 2027-01-15 upcoming three_months_since_folate_course_started',
        'faceToFaceFollowUp 2027-02-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'aged 65 today, no condition → annual check',
      { birthDate: '1961-11-23' },
      ['annualHealthCheck 2026-11-23 due none_on_record_due_today'],
    ],
    ['aged 64 (65 tomorrow), no condition → nothing', { birthDate: '1961-11-24' }, []],
    [
      'contracted, no condition → annual check only, from contract start',
      { contract: contractJune },
      ['annualHealthCheck 2027-06-10 upcoming first_due_counted_from_contract_start'],
    ],
    [
      'contract ends in exactly 30 days → renewal listed',
      { contract: { startsOn: '2025-12-24', endsOn: '2026-12-23', status: 'active' }, lastAnnualCheckOn: '2026-06-01' },
      [
        'contractRenewal 2026-12-23 upcoming contract_ends_within_30_days',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'contract ends in 31 days → not yet',
      { contract: { startsOn: '2025-12-25', endsOn: '2026-12-24', status: 'active' }, lastAnnualCheckOn: '2026-06-01' },
      ['annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check'],
    ],
    [
      'contract ends in 7 days → due',
      { contract: { startsOn: '2025-12-01', endsOn: '2026-11-30', status: 'active' }, lastAnnualCheckOn: '2026-06-01' },
      [
        'contractRenewal 2026-11-30 due contract_ends_within_30_days',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'contract past its end though still marked active → expired, overdue',
      { contract: { startsOn: '2025-11-21', endsOn: '2026-11-20', status: 'active' }, lastAnnualCheckOn: '2026-06-01' },
      [
        'contractRenewal 2026-11-20 overdue contract_expired',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'expired contract → renewal overdue; no annual check without condition or active contract',
      { contract: { startsOn: '2025-11-01', endsOn: '2026-10-31', status: 'expired' } },
      ['contractRenewal 2026-10-31 overdue contract_expired'],
    ],
    ['terminated contract → nothing', { contract: { startsOn: '2025-12-01', endsOn: '2026-11-30', status: 'terminated' } }, []],
  ])('%s', (_name, overrides, expected) => {
    expect(rows(dueItems(input(overrides)))).toEqual(expected);
  });
});

describe('month end, leap year and time zone', () => {
  test.each<[string, Partial<DueEngineInput>, string[]]>([
    [
      'Jan 31 + 1 month = Feb 29 in 2028; Nov 30 + 3 months = Feb 29; same month → merged',
      {
        today: new Date('2028-02-22T02:00:00Z'),
        conditions: htn,
        followUps: [fu('2027-11-30', 'clinic'), fu('2028-01-31', 'phone')],
        lastAnnualCheckOn: '2027-06-01',
      },
      [
        'faceToFaceFollowUp 2028-02-29 due three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2028-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'Jan 31 + 1 month = Feb 28 in 2027',
      {
        today: new Date('2027-02-20T02:00:00Z'),
        conditions: htn,
        followUps: [fu('2026-12-31', 'clinic'), fu('2027-01-31', 'phone')],
        lastAnnualCheckOn: '2026-06-01',
      },
      [
        'phoneFollowUp 2027-02-28 upcoming one_month_since_last_follow_up',
        'faceToFaceFollowUp 2027-03-31 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2027-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'an instant at 2026-03-31T16:30Z is already April 1 in Shanghai (today and follow-up)',
      {
        today: new Date('2026-03-31T16:30:00Z'),
        conditions: htn,
        // 2026-02-28T16:30Z is 1 March in Shanghai: due 1 April, not 28 March.
        followUps: [{ id: 'a', date: new Date('2026-02-28T16:30:00Z'), mode: 'clinic', classification: 'satisfied' }],
        lastAnnualCheckOn: '2025-06-01',
      },
      [
        'phoneFollowUp 2026-04-01 due one_month_since_last_follow_up',
        'faceToFaceFollowUp 2026-06-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2026-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'one minute before Shanghai midnight it is still March 31',
      {
        today: new Date('2026-03-31T15:59:00Z'),
        conditions: htn,
        followUps: [{ id: 'a', date: '2026-02-28T16:30:00Z', mode: 'clinic', classification: 'unsatisfied' }],
        lastAnnualCheckOn: '2025-06-01',
      },
      [
        'reFollowUp 2026-03-15 overdue fourteen_days_since_unsatisfied_follow_up',
        'faceToFaceFollowUp 2026-06-01 upcoming three_months_since_last_face_to_face_follow_up',
        'annualHealthCheck 2026-06-01 upcoming twelve_months_since_last_annual_health_check',
      ],
    ],
    [
      'a follow-up later on the same Shanghai day as today counts (not in the future)',
      {
        today: new Date('2026-03-31T16:10:00Z'),
        conditions: htn,
        followUps: [{ id: 'a', date: '2026-03-31T23:00:00Z', mode: 'home', classification: 'satisfied' }],
        lastAnnualCheckOn: '2025-06-01',
      },
      [
        'phoneFollowUp 2026-05-01 upcoming one_month_since_last_follow_up',
        'annualHealthCheck 2026-06-01 upcoming twelve_months_since_last_annual_health_check',
        'faceToFaceFollowUp 2026-07-01 upcoming three_months_since_last_face_to_face_follow_up',
      ],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(rows(dueItems(input(overrides)))).toEqual(expected);
  });
});

describe('status window and keys', () => {
  test.each([
    ['2026-11-22', 'overdue'],
    ['2026-11-23', 'due'],
    ['2026-11-30', 'due'], // today + DUE_WINDOW_DAYS
    ['2026-12-01', 'upcoming'],
  ])('dueBy %s on 2026-11-23 → %s', (dueBy, status) => {
    expect(DUE_WINDOW_DAYS).toBe(7);
    expect(statusOf(dueBy, '2026-11-23')).toBe(status);
  });

  test('keys are kind:dueBy and stable across calls', () => {
    const i = input({ conditions: htn, followUps: [fu('2026-10-01', 'clinic'), fu('2026-11-15', 'phone', 'unsatisfied')] });
    const first = dueItems(i).map((item) => item.key);
    expect(first).toEqual(['annualHealthCheck:2026-11-23', 'reFollowUp:2026-11-29', 'faceToFaceFollowUp:2027-01-01']);
    expect(dueItems(i).map((item) => item.key)).toEqual(first);
  });
});

describe('diabetes: HbA1c (T2DM20 via docs/clinical-rules.md §2: 3-monthly until <7.0 %, then 6-monthly) and the annual complication screening (T2DM20)', () => {
  const dm: DueEngineInput['conditions'] = ['hyperglycemia'];
  const only = (kinds: string[], items: DueItem[]) => rows(items.filter((i) => kinds.includes(i.kind)));
  test.each<[string, Partial<DueEngineInput>, string[]]>([
    ['HbA1c 7.4 % on 09-01 → again within 3 months', { conditions: dm, lastHba1c: { on: '2026-09-01', percent: 7.4 } }, ['hba1cCheck 2026-12-01 upcoming three_months_since_hba1c_not_at_target']],
    ['HbA1c 7.0 % is not at target → 3 months', { conditions: dm, lastHba1c: { on: '2026-09-01', percent: 7.0 } }, ['hba1cCheck 2026-12-01 upcoming three_months_since_hba1c_not_at_target']],
    ['HbA1c 6.9 % → 6 months', { conditions: dm, lastHba1c: { on: '2026-09-01', percent: 6.9 } }, ['hba1cCheck 2027-03-01 upcoming six_months_since_hba1c_at_target']],
    ['no HbA1c, no contract → due today', { conditions: dm }, ['hba1cCheck 2026-11-23 due none_on_record_due_today']],
    ['no HbA1c → 3 months from the contract start', { conditions: dm, contract: contractJune }, ['hba1cCheck 2026-09-10 overdue first_due_counted_from_contract_start']],
    ['hypertension only → no HbA1c item', { conditions: htn, lastHba1c: { on: '2026-09-01', percent: 7.4 } }, []],
  ])('%s', (_case, over, expected) => {
    expect(only(['hba1cCheck'], dueItems(input(over)))).toEqual(expected);
  });

  test('each part of the complication screening is due 12 months after it was last done', () => {
    const items = dueItems(input({ conditions: dm, contract: contractJune, lastComplicationScreening: { eyeExam: '2025-11-01', footExam: '2026-03-15', urineAlbuminCheck: '2026-11-20' } }));
    expect(only(['eyeExam', 'footExam', 'urineAlbuminCheck', 'egfrCheck'], items)).toEqual([
      'eyeExam 2026-11-01 overdue twelve_months_since_last_complication_screening',
      'footExam 2027-03-15 upcoming twelve_months_since_last_complication_screening',
      'egfrCheck 2027-06-10 upcoming first_due_counted_from_contract_start',
      'urineAlbuminCheck 2027-11-20 upcoming twelve_months_since_last_complication_screening',
    ]);
  });
});

describe('screening follow-up (SPEC-HTN, docs/clinical-rules.md §5.1): a risk found at screening → re-measure in 6 months', () => {
  const recheck = (over: Partial<DueEngineInput>) => rows(dueItems(input(over)).filter((i) => i.kind === 'screeningRecheck'));
  test.each<[string, Partial<DueEngineInput>, string[]]>([
    ['risk found on 05-20 → due 11-20', { lastScreening: { on: '2026-05-20', riskFound: true } }, ['screeningRecheck 2026-11-20 overdue six_months_since_screening_found_risk']],
    ['the latest screening found none → nothing', { lastScreening: { on: '2026-05-20', riskFound: false } }, []],
    ['a diagnosed hypertensive is followed up instead', { conditions: htn, lastScreening: { on: '2026-05-20', riskFound: true } }, []],
    ['a diabetic without hypertension is still re-measured', { conditions: ['hyperglycemia'], lastScreening: { on: '2026-09-01', riskFound: true } }, ['screeningRecheck 2027-03-01 upcoming six_months_since_screening_found_risk']],
  ])('%s', (_case, over, expected) => {
    expect(recheck(over)).toEqual(expected);
  });
});
