import { adherenceOf, isAdherentWeek, weekStartOf, type DoseDecision } from '../../../../shared/medication/adherence';
import { folateCourseEndsOn, folateRecheckDueOn, folateRecheckOn, refillDueOn } from '../../../../shared/medication/courses';
import { timeOfDayText } from '../../../../shared/medication/labels';
import { defaultTimesOfDay, doseInstant, dosesOn, isWithinQuietHours, normalizeTimesOfDay, scheduledDoses, type PlanFacts, type PlanVersionFacts } from '../../../../shared/medication/schedule';
import { dueItems } from '../../../../shared/followup/dueEngine';

const v = (over: Partial<PlanVersionFacts> & Pick<PlanVersionFacts, 'version' | 'effectiveFrom'>): PlanVersionFacts => ({
  status: 'active',
  startedOn: '2026-03-01',
  endedOn: null,
  timesOfDay: ['08:00', '20:00'],
  ...over,
});

/** 氨氯地平 twice a day from 1 March; on 10 March the doctor moves it to once a day at 07:30. */
const plan: PlanFacts = {
  planId: 'p1',
  trackedFrom: '2026-03-01',
  versions: [v({ version: 1, effectiveFrom: '2026-03-01' }), v({ version: 2, effectiveFrom: '2026-03-10', timesOfDay: ['07:30'] })],
};

describe('medication schedule (versions effective from the day they were recorded)', () => {
  test.each<[string, string, string[]]>([
    ['before the start', '2026-02-28', []],
    ['version 1', '2026-03-09', ['08:00', '20:00']],
    ['version 2 from the day it was recorded', '2026-03-10', ['07:30']],
    ['later days keep version 2', '2026-04-01', ['07:30']],
  ])('%s (%s)', (_case, day, times) => {
    expect(dosesOn(plan, day)).toEqual(times);
  });

  test('a stopped version, and an end date, end the doses', () => {
    const stopped: PlanFacts = { ...plan, versions: [...plan.versions, v({ version: 3, effectiveFrom: '2026-03-20', status: 'stopped' })] };
    expect(dosesOn(stopped, '2026-03-19')).toEqual(['07:30']);
    expect(dosesOn(stopped, '2026-03-20')).toEqual([]);
    const ending: PlanFacts = { ...plan, versions: [v({ version: 1, effectiveFrom: '2026-03-01', endedOn: '2026-03-05' })] };
    expect(dosesOn(ending, '2026-03-05')).toHaveLength(2);
    expect(dosesOn(ending, '2026-03-06')).toEqual([]);
  });

  test('doses of several plans in time order; a dose instant is Shanghai wall time', () => {
    const other: PlanFacts = { planId: 'p0', trackedFrom: '2026-03-01', versions: [v({ version: 1, effectiveFrom: '2026-03-01', timesOfDay: ['07:30', '12:00'] })] };
    expect(scheduledDoses([plan, other], '2026-03-10').map((d) => `${d.time} ${d.planId}`)).toEqual(['07:30 p0', '07:30 p1', '12:00 p0']);
    expect(doseInstant('2026-03-10', '07:30')).toEqual(new Date('2026-03-09T23:30:00Z'));
  });

  test.each<[number | undefined, string[]]>([[1, ['08:00']], [2, ['08:00', '20:00']], [3, ['08:00', '12:00', '18:00']], [0.5, []], [6, []], [undefined, []]])('每日 %p 次 → %p', (n, times) => {
    expect(defaultTimesOfDay(n)).toEqual(times);
  });

  test('times of day are HH:MM, sorted and unique, at most 6', () => {
    expect(normalizeTimesOfDay(['20:00', '07:30', '07:30'])).toEqual(['07:30', '20:00']);
    expect(normalizeTimesOfDay(['24:00'])).toBeNull();
    expect(normalizeTimesOfDay(['7:30'])).toBeNull();
    expect(normalizeTimesOfDay(['01:00', '02:00', '03:00', '04:00', '05:00', '06:00', '07:00'])).toBeNull();
    expect(timeOfDayText('07:30')).toBe('早上 07:30');
    expect(timeOfDayText('20:00')).toBe('晚上 20:00');
  });
});

describe('quiet hours', () => {
  test.each<[string, string, boolean]>([
    ['22:00-07:00', '22:00', true],
    ['22:00-07:00', '06:59', true],
    ['22:00-07:00', '07:00', false],
    ['22:00-07:00', '21:59', false],
    ['13:00-14:00', '13:30', true],
    ['13:00-14:00', '14:00', false],
    ['00:00-00:00', '03:00', false],
  ])('%s: %s → %p', (range, time, quiet) => {
    const [from, to] = range.split('-') as [string, string];
    expect(isWithinQuietHours(time, { from, to })).toBe(quiet);
  });
});

describe('adherence: proportion of days covered (PQA PDC, ≥ 80 % adherent)', () => {
  const once: PlanFacts = { planId: 'p', trackedFrom: '2026-03-01', versions: [v({ version: 1, effectiveFrom: '2026-03-01', timesOfDay: ['08:00'] })] };
  const taken = (...days: string[]): DoseDecision[] => days.map((day) => ({ planId: 'p', day, time: '08:00', status: 'taken' }));

  test.each<[string, DoseDecision[], string, number, number, number | null, string]>([
    ['nothing confirmed in 9 finished days; today still open', [], '2026-03-10', 9, 0, 0, 'poor'],
    ['8 of 9 days, today still open', taken('2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'), '2026-03-10', 9, 8, 88, 'good'],
    ['today taken counts at once', taken('2026-03-10'), '2026-03-10', 10, 1, 10, 'poor'],
    ['a skipped dose leaves the day uncovered', [{ planId: 'p', day: '2026-03-01', time: '08:00', status: 'skipped' }], '2026-03-02', 1, 0, 0, 'poor'],
    ['first day of tracking, not yet taken: nothing to judge', [], '2026-03-01', 0, 0, null, 'unknown'],
  ])('%s', (_case, doses, today, daysWithDoses, daysCovered, percent, level) => {
    expect(adherenceOf({ plans: [once], doses, today, windowDays: 30 })).toEqual({ windowDays: 30, daysWithDoses, daysCovered, percent, level });
  });

  test('days before the app knew of the plan do not count; the window is the last N days', () => {
    const late = { ...once, trackedFrom: '2026-03-08' };
    expect(adherenceOf({ plans: [late], doses: taken('2026-03-08', '2026-03-09'), today: '2026-03-10', windowDays: 30 })).toMatchObject({ daysWithDoses: 2, daysCovered: 2, percent: 100, level: 'good' });
    expect(adherenceOf({ plans: [once], doses: [], today: '2026-06-30', windowDays: 30 }).daysWithDoses).toBe(29);
  });

  test('a day is covered only when every plan’s doses were taken', () => {
    const evening: PlanFacts = { planId: 'q', trackedFrom: '2026-03-01', versions: [v({ version: 1, effectiveFrom: '2026-03-01', timesOfDay: ['20:00'] })] };
    expect(adherenceOf({ plans: [once, evening], doses: taken('2026-03-01'), today: '2026-03-02', windowDays: 30 })).toMatchObject({ daysWithDoses: 1, daysCovered: 0 });
  });

  test('adherent weeks: Monday to Sunday, over, every day covered', () => {
    expect(weekStartOf('2026-03-11')).toBe('2026-03-09');
    expect(weekStartOf('2026-03-09')).toBe('2026-03-09');
    expect(weekStartOf('2026-03-15')).toBe('2026-03-09');
    const week = taken('2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15');
    expect(isAdherentWeek({ plans: [once], doses: week, weekStart: '2026-03-09', today: '2026-03-16' })).toBe(true);
    expect(isAdherentWeek({ plans: [once], doses: week, weekStart: '2026-03-09', today: '2026-03-15' })).toBe(false);
    expect(isAdherentWeek({ plans: [once], doses: week.slice(1), weekStart: '2026-03-09', today: '2026-03-16' })).toBe(false);
    // A plan tracked from Wednesday: Monday and Tuesday had no doses, so the week is not a full one.
    expect(isAdherentWeek({ plans: [{ ...once, trackedFrom: '2026-03-11' }], doses: week, weekStart: '2026-03-09', today: '2026-03-16' })).toBe(false);
  });
});

describe('the folate course and long prescriptions', () => {
  test('3 months, then the Hcy re-check; the first test from 14 days before it counts', () => {
    expect(folateRecheckDueOn('2026-03-05')).toBe('2026-06-05');
    expect(folateCourseEndsOn('2026-03-05', null)).toBe('2026-06-04');
    expect(folateCourseEndsOn('2026-03-05', '2026-05-31')).toBe('2026-05-31');
    expect(folateRecheckOn('2026-03-05', ['2026-04-01'])).toBeUndefined();
    expect(folateRecheckOn('2026-03-05', ['2026-06-20', '2026-04-01', '2026-05-22'])).toBe('2026-05-22');
  });

  test('the re-check is due in the due engine until a test in its window is recorded', () => {
    const base = { today: new Date('2026-06-01T02:00:00Z'), conditions: [], hTypeHypertension: false, followUps: [] };
    expect(dueItems({ ...base, folateCourses: [{ startedOn: '2026-03-05' }] })).toEqual([expect.objectContaining({ kind: 'hcyRecheck', dueBy: '2026-06-05', status: 'due' })]);
    expect(dueItems({ ...base, folateCourses: [{ startedOn: '2026-03-05', recheckedOn: '2026-05-22' }] })).toEqual([]);
  });

  test('a refill is due the day the supply runs out, listed by the due engine', () => {
    expect(refillDueOn({ lastDispensedOn: '2026-03-01', daysSupply: 84 })).toBe('2026-05-24');
    const items = dueItems({ today: new Date('2026-05-20T02:00:00Z'), conditions: [], hTypeHypertension: false, followUps: [], folateCourses: [], medicationRefillsDueOn: ['2026-05-24', '2026-06-30'] });
    expect(items).toEqual([{ key: 'medicationRefill:2026-05-24', kind: 'medicationRefill', dueBy: '2026-05-24', status: 'due', reason: 'long_prescription_supply_runs_out' }]);
  });
});
