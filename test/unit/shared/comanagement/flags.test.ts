import { ruleFlagsFor, URGENT_FLAG_WINDOW_DAYS, type RuleFlagInput } from '../../../../shared/comanagement/flags';
import { nextReferralState, referralSteps, referralStates } from '../../../../shared/comanagement/referrals';

/**
 * Who the rules put in front of the specialist (shared/comanagement/flags.ts): docs/clinical-rules.md
 * §5.4 — two uncontrolled follow-ups in a row or a complication (the spec's reasons to refer
 * upward); an urgent home value (§1.4, §2) within 30 days; a high China-PAR 10-year risk (≥ 10 %,
 * 中国心血管病风险评估和管理指南 2019) where one was assessed.
 */
// Shanghai 2026-03-20 10:00.
const today = new Date('2026-03-20T02:00:00Z');
const base: RuleFlagInput = { today, followUps: [], urgentReadings: [] };
const fu = (id: string, date: string, classification: 'satisfied' | 'unsatisfied' | 'adverseReaction' | 'complication') => ({ id, date, classification });
const keys = (input: Partial<RuleFlagInput>) => ruleFlagsFor({ ...base, ...input }).map((f) => `${f.reason} ${f.key} ${f.on}`);

describe('ruleFlagsFor', () => {
  test.each<[string, Partial<RuleFlagInput>, string[]]>([
    ['nothing on record', {}, []],
    ['one uncontrolled follow-up: the team re-follows up first', { followUps: [fu('a', '2026-03-10', 'unsatisfied')] }, []],
    ['two uncontrolled in a row', { followUps: [fu('a', '2026-03-01', 'unsatisfied'), fu('b', '2026-03-15', 'unsatisfied')] }, ['uncontrolledTwice uncontrolledTwice:b 2026-03-15']],
    ['the input order does not matter, the dates do', { followUps: [fu('b', '2026-03-15', 'unsatisfied'), fu('a', '2026-03-01', 'unsatisfied')] }, ['uncontrolledTwice uncontrolledTwice:b 2026-03-15']],
    ['controlled again since', { followUps: [fu('a', '2026-03-01', 'unsatisfied'), fu('b', '2026-03-08', 'unsatisfied'), fu('c', '2026-03-15', 'satisfied')] }, []],
    ['a complication', { followUps: [fu('a', '2026-03-15', 'complication')] }, ['complication complication:a 2026-03-15']],
    ['a follow-up dated after today does not count yet', { followUps: [fu('a', '2026-03-15', 'unsatisfied'), fu('b', '2026-03-21', 'unsatisfied')] }, []],
    ['an urgent reading today', { urgentReadings: [{ readingId: 'r1', measuredAt: '2026-03-20T01:00:00Z' }] }, ['urgentAlert urgentAlert:r1 2026-03-20']],
    [`an urgent reading ${URGENT_FLAG_WINDOW_DAYS} days ago still counts, one more day does not`, { urgentReadings: [{ readingId: 'r1', measuredAt: '2026-02-18T04:00:00Z' }, { readingId: 'r2', measuredAt: '2026-02-17T04:00:00Z' }] }, ['urgentAlert urgentAlert:r1 2026-02-18']],
    ['China-PAR high (≥ 10 %)', { cardiovascularRisk: { category: 'high', assessedOn: '2026-03-01' } }, ['highCardiovascularRisk highCardiovascularRisk:2026-03-01 2026-03-01']],
    ['China-PAR intermediate: no flag', { cardiovascularRisk: { category: 'intermediate', assessedOn: '2026-03-01' } }, []],
  ])('%s', (_name, input, expected) => {
    expect(keys(input)).toEqual(expected);
  });
});

describe('referral states (双向转诊)', () => {
  const table: Record<string, Record<string, string | null>> = {
    requested: { accept: 'accepted', decline: 'declined', return: null, cancel: 'cancelled' },
    accepted: { accept: null, decline: null, return: 'returned', cancel: null },
    declined: { accept: null, decline: null, return: null, cancel: null },
    returned: { accept: null, decline: null, return: null, cancel: null },
    cancelled: { accept: null, decline: null, return: null, cancel: null },
  };
  test.each(referralStates.flatMap((state) => referralSteps.map((step) => [state, step, table[state]![step]] as const)))('%s --%s--> %s', (state, step, expected) => {
    expect(nextReferralState(state, step)).toBe(expected);
  });
});
