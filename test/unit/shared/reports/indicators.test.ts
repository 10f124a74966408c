import { figuresFor, indicatorFormulas, requiredFaceToFaceFollowUps, type FollowUpFact, type ResidentYearFacts } from '../../../../shared/reports/indicators';

/**
 * The programme indicators (国家基本公共卫生服务规范 第三版 §5.6 via docs/clinical-rules.md §5.6): one
 * resident's facts → 0/1 figures. Sources per case: spec §5.1 (managed = diagnosed; screening over all
 * residents of the age), §5.2 (≥4 face-to-face follow-ups a year), §5.6 and its footnote (latest BP,
 * <150/90 at ≥65, lost to follow-up = not controlled), WYJK (FPG <7.0).
 */
const fu = (on: string, over: Partial<FollowUpFact> = {}): FollowUpFact => ({ on, form: 'hypertension', mode: 'clinic', sbp: 130, dbp: 80, fpg: null, lost: false, ...over });
const facts = (over: Partial<ResidentYearFacts> = {}): ResidentYearFacts => ({
  birthDate: '1966-05-01',
  contracts: [],
  diagnoses: [{ condition: 'hypertension', diagnosedOn: '2020-01-01', status: 'active' }],
  followUps: [],
  screenings: [],
  hcyTests: [],
  ...over,
});
const year = { from: '2026-01-01', to: '2026-12-31' };
const q1 = { from: '2026-01-01', to: '2026-03-31' };

describe('requiredFaceToFaceFollowUps: the spec’s 4 a year, pro-rated to the period, at least 1', () => {
  test.each<[string, string, string, number]>([
    ['the year', '2026-01-01', '2026-12-31', 4],
    ['Q1 (90 days)', '2026-01-01', '2026-03-31', 1],
    ['Q3 (92 days)', '2026-07-01', '2026-09-30', 1],
    ['Q1 of a leap year (91 of 366)', '2028-01-01', '2028-03-31', 1],
    ['a half-year', '2026-01-01', '2026-06-30', 2],
    ['three quarters', '2026-01-01', '2026-09-30', 3],
    ['one month', '2026-05-01', '2026-05-31', 1],
  ])('%s → %i', (_case, from, to, expected) => {
    expect(requiredFaceToFaceFollowUps({ from, to })).toBe(expected);
  });
});

describe('figuresFor', () => {
  test.each<[string, ResidentYearFacts, typeof year, Record<string, number>]>([
    ['diagnosed without a contract is managed (spec §5.1)', facts(), year, { contracted: 0, htnManaged: 1, htnLost: 1 }],
    ['four face-to-face days → 规范 (spec §5.2)', facts({ followUps: ['02-01', '05-01', '08-01', '11-01'].map((d) => fu(`2026-${d}`)) }), year, { htnSpec: 1, htnControlled: 1 }],
    ['four records on one day are one follow-up', facts({ followUps: [1, 2, 3, 4].map(() => fu('2026-03-03')) }), year, { htnSpec: 0 }],
    ['the same day counts for the quarter', facts({ followUps: [fu('2026-03-03')] }), q1, { htnSpec: 1 }],
    ['a phone follow-up is not face to face', facts({ followUps: [fu('2026-02-01', { mode: 'phone' })] }), q1, { htnSpec: 0, htnControlled: 1 }],
    ['a lost record is neither a visit nor a value', facts({ followUps: [fu('2026-02-01', { lost: true, sbp: null, dbp: null })] }), q1, { htnSpec: 0, htnControlled: 0, htnLost: 1 }],
    ['latest 失访 after a controlled BP → not controlled (spec footnote)', facts({ followUps: [fu('2026-02-01'), fu('2026-09-09', { lost: true, sbp: null, dbp: null })] }), year, { htnControlled: 0, htnLost: 1 }],
    ['a visit after the 失访 record counts again', facts({ followUps: [fu('2026-02-01', { lost: true, sbp: null, dbp: null }), fu('2026-03-01')] }), q1, { htnControlled: 1, htnLost: 0 }],
    ['same day, the last recorded is the latest', facts({ followUps: [fu('2026-03-03', { sbp: 150, dbp: 95 }), fu('2026-03-03', { sbp: 138, dbp: 86 })] }), q1, { htnControlled: 1 }],
    ['149/89 at 65 is controlled (<150/90 at ≥65)', facts({ birthDate: '1961-01-01', followUps: [fu('2026-02-01', { sbp: 149, dbp: 89 })] }), q1, { htnControlled: 1 }],
    ['149/89 at 64 is not', facts({ birthDate: '1961-06-01', followUps: [fu('2026-02-01', { sbp: 149, dbp: 89 })] }), q1, { htnControlled: 0 }],
    ['FPG 7.0 is not controlled (WYJK <7.0)', facts({ diagnoses: [{ condition: 'hyperglycemia', diagnosedOn: '2020-01-01', status: 'active' }], followUps: [fu('2026-02-01', { form: 'diabetes', sbp: null, dbp: null, fpg: 7.0 })] }), q1, { dmManaged: 1, dmControlled: 0, dmSpec: 1 }],
    ['a diagnosis made after the period is not managed yet', facts({ diagnoses: [{ condition: 'hypertension', diagnosedOn: '2026-05-01', status: 'active' }] }), q1, { htnManaged: 0 }],
    ['screening eligibility over all residents of the age, contract or not', facts({ diagnoses: [], birthDate: '1990-06-01', screenings: [{ on: '2026-02-01', measures: ['bp'] }] }), q1, { bpEligible: 1, bpScreened: 1, glucoseEligible: 1, glucoseScreened: 0, contracted: 0 }],
    ['under 35: BP only', facts({ diagnoses: [], birthDate: '2000-01-01' }), year, { bpEligible: 1, glucoseEligible: 0, lipidsEligible: 0 }],
    ['Hcy among diagnosed hypertensives', facts({ hcyTests: ['2026-06-01'] }), year, { hcyEligible: 1, hcyTested: 1 }],
  ])('%s', (_case, input, period, expected) => {
    expect(figuresFor(input, period)).toMatchObject(expected);
  });
});

describe('indicatorFormulas', () => {
  test('one formula per rate, with the period’s required face-to-face days', () => {
    expect(indicatorFormulas(4).map((f) => f.rate)).toEqual(['signingRate', 'htnSpecRate', 'htnControlRate', 'dmSpecRate', 'dmControlRate', 'bpScreeningRate', 'glucoseScreeningRate', 'lipidsScreeningRate', 'hcyScreeningRate']);
    expect(indicatorFormulas(4).find((f) => f.rate === 'htnSpecRate')!.formula).toContain('全年≥4次');
    expect(indicatorFormulas(1).find((f) => f.rate === 'dmSpecRate')!.formula).toContain('本期≥1次');
  });
});
