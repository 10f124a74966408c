// The services import the Taro runtime; these tests exercise their pure parts. Taro's storage is an
// in-memory map so the offline queue's storage and sync loop run for real.
const storage = new Map<string, unknown>();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
  },
}));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { chartData, niceStep, valueRange } from '../../../miniapp/subpackages/health/components/trend-chart/scale';
import { ApiError } from '../../../miniapp/services/apiError';
import {
  applyPadKey,
  bmiView,
  bpMeanView,
  buildReadingBody,
  checkDraft,
  localUrgency,
  newClientReadingId,
  parseTyped,
  type EntryDraft,
} from '../../../miniapp/services/readingForms';
import { bandsOf, chartToneOf } from '../../../miniapp/services/readingChart';
import { gradeTone } from '../../../miniapp/services/readingDisplay';
import { historyView } from '../../../miniapp/services/readingHistory';
import { controlStatusViews } from '../../../miniapp/services/readingOverview';
import { pointsTextOf, readingResultView } from '../../../miniapp/services/readingResult';
import { sendOutcomeOf, syncSummaryText } from '../../../miniapp/services/readings';
import { archiveView } from '../../../miniapp/services/records';
import {
  addToQueue,
  enqueue,
  offlineQueueItemsMax,
  offlineQueueStorageKey,
  parseQueue,
  pendingFor,
  readQueue,
  recordAttempt,
  removeItem,
  resetQueueCache,
  syncQueue,
  type QueuedReading,
} from '../../../miniapp/state/offlineQueue';

const now = new Date('2026-03-10T08:00:00+08:00');
const draft = (overrides: Partial<EntryDraft> = {}): EntryDraft => ({ measure: 'bp', values: {}, arm: 'left', timeOfDay: 'morning', timing: 'fasting', measuredAt: now, ...overrides });

describe('BP session on the entry screen', () => {
  test('the mean appears after two complete readings, integer and rounded half up, with pulse', () => {
    expect(bpMeanView({ 'r0.systolicMmHg': '142' }).meanText).toBeNull();
    expect(bpMeanView({ 'r0.systolicMmHg': '142', 'r0.diastolicMmHg': '88' }).basisText).toBe('再测一遍后显示平均值');
    const two = bpMeanView({ 'r0.systolicMmHg': '142', 'r0.diastolicMmHg': '88', 'r0.heartRateBpm': '72', 'r1.systolicMmHg': '137', 'r1.diastolicMmHg': '85', 'r1.heartRateBpm': '70' });
    expect(two).toMatchObject({ meanText: '140/87', pulseText: '脉搏 71', basisText: '2遍平均' }); // 139.5 → 140, 86.5 → 87
    const three = bpMeanView({ 'r0.systolicMmHg': '185', 'r0.diastolicMmHg': '112', 'r1.systolicMmHg': '183', 'r1.diastolicMmHg': '110', 'r2.systolicMmHg': '181', 'r2.diastolicMmHg': '108' });
    expect(three).toMatchObject({ meanText: '183/110', pulseText: null, basisText: '3遍平均' });
  });

  test('first two more than 10 mmHg apart: the last two are averaged, and the screen says so (G25 §4.1)', () => {
    const discrepant = bpMeanView({ 'r0.systolicMmHg': '160', 'r0.diastolicMmHg': '90', 'r1.systolicMmHg': '148', 'r1.diastolicMmHg': '88', 'r2.systolicMmHg': '146', 'r2.diastolicMmHg': '86' });
    expect(discrepant).toMatchObject({ meanText: '147/87', basisText: '前两遍相差较大，取后2遍平均' });
  });

  test('a half-typed third reading does not count toward the mean', () => {
    expect(bpMeanView({ 'r0.systolicMmHg': '130', 'r0.diastolicMmHg': '80', 'r1.systolicMmHg': '132', 'r1.diastolicMmHg': '82', 'r2.systolicMmHg': '150' }).meanText).toBe('131/81');
  });

  test('instant checks use the shared Chinese messages; required readings only on save', () => {
    const typing = checkDraft(draft({ values: { 'r0.systolicMmHg': '40' } }), now, { touchedOnly: true });
    expect(typing.fieldErrors['r0.systolicMmHg']).toBe('收缩压（高压）应在60–300 mmHg之间，请核对后重新填写');
    expect(typing.fieldErrors['r1.systolicMmHg']).toBeUndefined();
    const swapped = checkDraft(draft({ values: { 'r0.systolicMmHg': '80', 'r0.diastolicMmHg': '120' } }), now, { touchedOnly: true });
    expect(swapped.fieldErrors['r0.systolicMmHg']).toContain('请检查是否填反');
    const onSave = checkDraft(draft({ values: { 'r0.systolicMmHg': '130', 'r0.diastolicMmHg': '80' } }), now);
    expect(onSave.ok).toBe(false);
    expect(onSave.fieldErrors['r1.systolicMmHg']).toBe('请填写收缩压（高压）的数值');
    expect(onSave.formErrors).toContain('每次请测量2–3遍血压后再保存');
  });

  test('a reading in the future cannot be saved; ≥180 warns but saves', () => {
    const values = { 'r0.systolicMmHg': '185', 'r0.diastolicMmHg': '112', 'r1.systolicMmHg': '183', 'r1.diastolicMmHg': '110' };
    const future = checkDraft(draft({ values, measuredAt: new Date(now.getTime() + 3_600_000) }), now);
    expect(future.ok).toBe(false);
    expect(future.formErrors).toContain('测量时间不能晚于现在，请重新选择');
    const urgent = checkDraft(draft({ values }), now);
    expect(urgent.ok).toBe(true);
    expect(urgent.warnings).toContain('收缩压达到180 mmHg或以上，请确认读数');
  });

  test('the body carries the client id, the original time and the complete readings; urgency is judged on the mean', () => {
    const body = buildReadingBody(draft({ values: { 'r0.systolicMmHg': '185', 'r0.diastolicMmHg': '112', 'r0.heartRateBpm': '88', 'r1.systolicMmHg': '183', 'r1.diastolicMmHg': '110' }, arm: 'right' }), 'rabc12345678');
    expect(body).toEqual({
      measure: 'bp',
      clientReadingId: 'rabc12345678',
      measuredAt: now.toISOString(),
      source: 'manual',
      readings: [
        { systolicMmHg: 185, diastolicMmHg: 112, heartRateBpm: 88 },
        { systolicMmHg: 183, diastolicMmHg: 110 },
      ],
      arm: 'right',
      timeOfDay: 'morning',
    });
    const local = localUrgency(body);
    expect(local.urgent).toBe(true);
    expect(local.advice.join('')).toContain('5分钟');
    expect(local.advice.join('')).toContain('120');
    expect(localUrgency({ ...body, readings: [{ systolicMmHg: 182, diastolicMmHg: 100 }, { systolicMmHg: 176, diastolicMmHg: 98 }] }).urgent).toBe(false); // mean 179/99
  });
});

describe('number pad and other measures', () => {
  const bpField = { decimals: 0 as const, integerDigitsMax: 3 };
  const glucoseField = { decimals: 1 as const, integerDigitsMax: 2 };
  test('keys respect the field: no 4-digit BP, one point, one decimal for glucose, no leading zero', () => {
    expect(['1', '4', '0', '0'].reduce((t, k) => applyPadKey(t, k, bpField), '')).toBe('140');
    expect(applyPadKey('140', '.', bpField)).toBe('140');
    expect(applyPadKey('', '.', glucoseField)).toBe('0.');
    expect(['6', '.', '4', '5'].reduce((t, k) => applyPadKey(t, k, glucoseField), '')).toBe('6.4');
    expect(applyPadKey('6.4', '.', glucoseField)).toBe('6.4');
    expect(applyPadKey('0', '7', glucoseField)).toBe('7');
    expect(applyPadKey('6.4', 'backspace', glucoseField)).toBe('6.');
    expect(applyPadKey('6.4', 'clear', glucoseField)).toBe('');
    expect(parseTyped('12.')).toBe(12);
    expect(parseTyped('')).toBeUndefined();
  });

  test('glucose, weight (BMI from the archive height) and lipids', () => {
    const glucose = checkDraft(draft({ measure: 'glucose', values: { glucoseMmolL: '40' } }), now);
    expect(glucose.fieldErrors['glucoseMmolL']).toBe('血糖应在1.1–33.3 mmol/L之间，请核对后重新填写');
    expect(buildReadingBody(draft({ measure: 'glucose', timing: 'postprandial2h', values: { glucoseMmolL: '2.8' } }), 'rid000001')).toMatchObject({ timing: 'postprandial2h', glucoseMmolL: 2.8 });
    expect(localUrgency({ measure: 'glucose', glucoseMmolL: 2.8 }).advice[0]).toContain('15克糖');
    expect(bmiView('60', 158)).toEqual({ bmiText: '24.0', categoryText: '超重' });
    expect(bmiView('60', null)).toBeNull();
    expect(checkDraft(draft({ measure: 'lipids', values: {} }), now).formErrors).toContain('至少填写一项血脂结果');
    expect(buildReadingBody(draft({ measure: 'lipids', values: { ldlCholesterolMmolL: '3.12' } }), 'rid000002')).toMatchObject({ ldlCholesterolMmolL: 3.12 });
  });

  test('client reading ids fit the service pattern and differ', () => {
    const a = newClientReadingId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newClientReadingId()).not.toBe(a);
  });
});

describe('offline queue', () => {
  const item = (id: string, measuredAt: string, accountId = 'acc-1'): QueuedReading => ({
    clientReadingId: id,
    accountId,
    residentId: 'res-1',
    body: { measure: 'glucose', clientReadingId: id, measuredAt, glucoseMmolL: 6.1 },
    queuedAt: measuredAt,
    attempts: 0,
    lastError: null,
  });
  beforeEach(() => {
    storage.clear();
    resetQueueCache();
  });

  test('pure operations: a double tap queues once, oldest measurement first, per account, bounded', () => {
    let queue = enqueue([], item('b', '2026-03-02T00:00:00Z'));
    queue = enqueue(queue, item('a', '2026-03-01T00:00:00Z'));
    queue = enqueue(queue, item('a', '2026-03-01T00:00:00Z'));
    queue = enqueue(queue, item('c', '2026-03-03T00:00:00Z', 'acc-2'));
    expect(queue.map((q) => q.clientReadingId)).toEqual(['b', 'a', 'c']);
    expect(pendingFor(queue, 'acc-1').map((q) => q.clientReadingId)).toEqual(['a', 'b']);
    expect(recordAttempt(queue, 'a', '网络不给力').find((q) => q.clientReadingId === 'a')).toMatchObject({ attempts: 1, lastError: '网络不给力' });
    expect(removeItem(queue, 'b').map((q) => q.clientReadingId)).toEqual(['a', 'c']);
    let big: QueuedReading[] = [];
    for (let i = 0; i < offlineQueueItemsMax + 5; i += 1) big = enqueue(big, item(`id${i}`, '2026-03-01T00:00:00Z'));
    expect(big).toHaveLength(offlineQueueItemsMax);
    expect(big[0]?.clientReadingId).toBe('id5');
  });

  test('parsing survives junk: strings, foreign shapes, a body whose id does not match', () => {
    expect(parseQueue('not json')).toEqual([]);
    expect(parseQueue(JSON.stringify([item('a', '2026-03-01T00:00:00Z')]))).toHaveLength(1);
    expect(parseQueue([item('a', '2026-03-01T00:00:00Z'), { clientReadingId: 'x' }, { ...item('b', '2026-03-01T00:00:00Z'), body: { measure: 'bp', clientReadingId: 'other', measuredAt: 'x' } }])).toHaveLength(1);
  });

  test('sync: acknowledged and rejected items leave the queue, a network failure stops the run and keeps the rest', async () => {
    addToQueue(item('a', '2026-03-01T00:00:00Z'));
    addToQueue(item('b', '2026-03-02T00:00:00Z'));
    addToQueue(item('c', '2026-03-03T00:00:00Z'));
    addToQueue(item('z', '2026-03-01T00:00:00Z', 'acc-other'));
    const sent: string[] = [];
    const summary = await syncQueue('acc-1', async (q) => {
      sent.push(q.clientReadingId);
      if (q.clientReadingId === 'a') return { kind: 'acknowledged' };
      if (q.clientReadingId === 'b') return { kind: 'rejected', message: '测量数值不合理' };
      return { kind: 'retryLater', message: '网络不给力' };
    });
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(summary).toEqual({ sent: 1, remaining: 1, rejected: [{ clientReadingId: 'b', measure: 'glucose', message: '测量数值不合理' }] });
    expect(readQueue().map((q) => q.clientReadingId)).toEqual(['c', 'z']);
    expect(readQueue()[0]).toMatchObject({ attempts: 1, lastError: '网络不给力' });
    // Persisted: a restarted app reads the same queue, with the original measurement time.
    resetQueueCache();
    expect(parseQueue(storage.get(offlineQueueStorageKey))[0]?.body.measuredAt).toBe('2026-03-03T00:00:00Z');
    expect(syncSummaryText(summary)).toBe('已上传 1 条；还有 1 条未上传，请检查网络后再试；一条血糖记录未能保存：测量数值不合理');
  });

  test('concurrent syncs share one run, so an item is never sent twice at once', async () => {
    addToQueue(item('a', '2026-03-01T00:00:00Z'));
    let calls = 0;
    const send = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return { kind: 'acknowledged' as const };
    };
    const [first, second] = await Promise.all([syncQueue('acc-1', send), syncQueue('acc-1', send)]);
    expect(calls).toBe(1);
    expect(first).toBe(second);
  });

  test('which failures keep an item queued and which drop it', () => {
    expect(sendOutcomeOf(new ApiError({ code: 'network_unavailable', status: 0 })).kind).toBe('retryLater');
    expect(sendOutcomeOf(new ApiError({ code: 'service_unavailable', status: 503 })).kind).toBe('retryLater');
    expect(sendOutcomeOf(new ApiError({ code: 'session_expired', status: 401 })).kind).toBe('retryLater');
    expect(sendOutcomeOf(new Error('boom')).kind).toBe('retryLater');
    expect(sendOutcomeOf(new ApiError({ code: 'reading_implausible', status: 422, details: { issues: [{ field: 'measuredAt', code: 'measured_at_in_future', message: '测量时间不能晚于现在，请重新选择' }] } }))).toEqual({
      kind: 'rejected',
      message: '测量时间不能晚于现在，请重新选择',
    });
    expect(sendOutcomeOf(new ApiError({ code: 'access_denied', status: 403 })).kind).toBe('rejected');
  });
});

describe('chart scaling', () => {
  test('nice steps and a padded range that covers values and the target band', () => {
    expect(niceStep(100)).toBe(50);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0.9)).toBe(0.5);
    expect(niceStep(0.3)).toBeCloseTo(0.1, 10);
    expect(valueRange([184, 111], [{ fromValue: 90, toValue: 135, label: '' }])).toEqual({ min: 50, max: 200, step: 50 });
    expect(valueRange([], [])).toEqual({ min: 0, max: 10, step: 5 });
    const single = valueRange([6.4], []);
    expect(single.min).toBeLessThan(6.4);
    expect(single.max).toBeGreaterThan(6.4);
  });

  test('rows in time order, one per series value; y ticks from the padded range; five dates across the period', () => {
    const from = Date.parse('2026-03-01T00:00:00Z');
    const to = Date.parse('2026-03-09T00:00:00Z');
    const data = chartData({
      points: [
        { timeMs: to, values: { systolicMmHg: 184, diastolicMmHg: 111 }, color: '#a8201a', emphasis: true, byFamily: true },
        { timeMs: from, values: { systolicMmHg: 120 }, color: '#1d6b2f', emphasis: false, byFamily: false },
      ],
      seriesKeys: ['systolicMmHg', 'diastolicMmHg'],
      bands: [{ fromValue: 90, toValue: 135, label: '高压 <135' }],
      fromMs: from,
      toMs: to,
    });
    expect(data.rows).toEqual([
      { timeMs: from, value: 120, seriesKey: 'systolicMmHg', color: '#1d6b2f', emphasis: false, byFamily: false },
      { timeMs: to, value: 184, seriesKey: 'systolicMmHg', color: '#a8201a', emphasis: true, byFamily: true },
      { timeMs: to, value: 111, seriesKey: 'diastolicMmHg', color: '#a8201a', emphasis: true, byFamily: true },
    ]);
    expect(data.y).toEqual({ min: 50, max: 200, ticks: [50, 100, 150, 200], decimals: 0 });
    expect(data.xTicksMs).toEqual([0, 2, 4, 6, 8].map((days) => from + days * 86_400_000));
    const glucose = [6.4, 6.9].map((mmolL, day) => ({ timeMs: from + day * 86_400_000, values: { glucoseMmolL: mmolL }, color: '#1d6b2f', emphasis: false, byFamily: false }));
    expect(chartData({ points: glucose, seriesKeys: ['glucoseMmolL'], bands: [], fromMs: from, toMs: to }).y).toMatchObject({ ticks: [6.2, 6.4, 6.6, 6.8, 7], decimals: 1 });
  });
});

describe('records view models', () => {
  test('the logging response → result card; urgent with the team notified, its severity and plan, nothing to "confirm"', () => {
    const view = readingResultView({
      reading: {
        readingId: '65f0c0ffee0000000000a001',
        clientReadingId: '0d9a6a56-5a1f-4b7e-9a63-1f4f1c1f2b10',
        measure: 'bp',
        measuredAt: '2026-03-10T07:15:00+08:00',
        values: { mean: { systolicMmHg: 184, diastolicMmHg: 111, readingCount: 2 } },
        source: 'manual',
        actingAs: 'resident',
        createdAt: '2026-03-09T23:15:01Z',
        assessment: {
          grade: 'grade3',
          atTarget: false,
          target: { systolicBelowMmHg: 135, diastolicBelowMmHg: 85 },
          urgent: true,
          urgentReasons: ['bp_systolic_urgent', 'bp_diastolic_urgent'],
          advice: ['请静坐休息5分钟后再测量一次血压。'],
          warnings: [
            { field: 'systolicMmHg', code: 'systolic_high', message: '收缩压达到180 mmHg或以上，请确认读数' },
            { field: 'systolicMmHg', code: 'pulse_pressure_wide', message: '高压与低压相差超过100 mmHg，请确认读数' },
          ],
          derived: {},
        },
      },
      duplicate: false,
      alert: {
        alertId: '65f0c0ffee0000000000b001',
        readingId: '65f0c0ffee0000000000a001',
        residentId: '65f0c0ffee0000000000c001',
        residentName: '王建国',
        teamId: null,
        measure: 'bp',
        reasons: ['bp_systolic_urgent', 'bp_diastolic_urgent'],
        values: { systolicMmHg: 184, diastolicMmHg: 111 },
        measuredAt: '2026-03-10T07:15:00+08:00',
        state: 'open',
        raisedAt: '2026-03-09T23:15:01Z',
        acknowledgedAt: null,
        closedAt: null,
        closeNote: null,
      },
      points: null,
    });
    expect(view).toMatchObject({ valueText: '184/111 mmHg', gradeText: '3级高血压', tone: 'urgent', atTargetText: '未达标', targetText: '目标：低于 135/85', urgent: true, teamNotified: true });
    expect(view.warnings).toEqual(['高压与低压相差超过100 mmHg，请确认读数']);
    expect(view.urgentPlan?.headline).toBe('血压很高（3级），需要立即处理');
    expect(view.urgentPlan?.steps[0]).toContain('休息5分钟');
    expect(gradeTone('grade1', false)).toBe('watch');
    expect(gradeTone(null, false)).toBe('none');
  });

  test('what a saved reading earns, in words: +2 at once, why not, or later', () => {
    expect(pointsTextOf({ points: 2, certain: true, reason: 'earned' }, 'bp')).toBe('+2 积分');
    expect(pointsTextOf({ points: 2, certain: false, reason: 'earned' }, 'bp')).toBe('积分稍后到账');
    expect(pointsTextOf({ points: 0, certain: true, reason: 'capped_by_daily_limit' }, 'glucose')).toBe('今天记录血糖的积分已经得过了，明天再记还有');
    expect(pointsTextOf({ points: 0, certain: true, reason: 'capped_by_monthly_limit' }, 'bp')).toContain('本月');
    expect(pointsTextOf(null, 'bp')).toBeNull();
  });

  test('history → chart points with series values, bands and texts', () => {
    const view = historyView({
      measure: 'bp',
      days: 7,
      from: '2026-03-04T00:00:00Z',
      to: '2026-03-10T08:00:00Z',
      target: { systolicBelowMmHg: 135, diastolicBelowMmHg: 85, setting: 'home' },
      points: [{ readingId: 'r1', measuredAt: '2026-03-10T07:15:00+08:00', values: { systolicMmHg: 184, diastolicMmHg: 111, heartRateBpm: 89 }, grade: 'grade3', atTarget: false, target: null, urgent: true, source: 'manual', enteredByFamily: false }],
    });
    expect(view.points[0]).toMatchObject({ values: { systolicMmHg: 184, diastolicMmHg: 111 }, valueText: '184/111', gradeText: '3级高血压', tone: 'urgent' });
    expect(view.bands).toEqual(bandsOf('bp', { systolicBelowMmHg: 135, diastolicBelowMmHg: 85 }));
    expect(view.bands.map((b) => b.toValue)).toEqual([135, 85]);
    expect(bandsOf('glucose', { fastingMinMmolL: 4.4, fastingBelowMmolL: 7, nonFastingBelowMmolL: 10 })).toEqual([{ fromValue: 4.4, toValue: 7, label: '空腹 4.4–7' }]);
    expect(bandsOf('weight', null)).toEqual([]);
  });

  test('control status → tone by share at target', () => {
    const views = controlStatusViews({
      month: '2026-03',
      hTypeHypertension: false,
      statuses: [
        { condition: 'hypertension', measure: 'bp', month: '2026-03', text: '本月血压达标 6/8 次', diagnosed: true, readingCount: 8, atTargetCount: 6 },
        { condition: 'diabetes', measure: 'glucose', month: '2026-03', text: '本月还没有血糖记录', diagnosed: true, readingCount: 0, atTargetCount: 0 },
      ],
    });
    expect(views).toEqual([
      { measure: 'bp', text: '本月血压达标 6/8 次', diagnosed: true, tone: 'watch' },
      { measure: 'glucose', text: '本月还没有血糖记录', diagnosed: true, tone: 'none' },
    ]);
  });

  test('档案 → Chinese labels, phones to call, classification and advice', () => {
    const view = archiveView({
      resident: { residentId: 'r1', name: '王建国', sex: 'male', ageYears: 70, heightCm: 168 },
      conditions: ['hypertension'],
      hTypeHypertension: true,
      targets: { bp: {}, glucose: {}, lipids: {}, hcy: {} },
      diagnoses: [{ diagnosisId: 'd1', condition: 'hypertension', diagnosedOn: '2018-04-01', status: 'active', text: null }],
      contract: { contractId: 'c1', status: 'active', startsOn: '2026-01-01', endsOn: '2026-12-31', packageName: '高血压包', packageItems: ['随访'], servicePackage: null, team: { teamId: 't1', name: '东城一队', phone: '010-65000001', members: [{ role: 'generalPractitioner', name: '李医生', phone: '010-65000011' }, { role: 'nurse', name: '王护士' }] } },
      due: [{ key: 'phoneFollowUp:2026-03-15', kind: 'phoneFollowUp', dueBy: '2026-03-15', status: 'overdue', reason: 'x' }],
      labResults: [{ labResultId: 'l1', kind: 'labResult', measuredAt: '2026-01-10T01:00:00Z', values: { hcyUmolL: 12.4 }, exams: {}, labName: null }],
      followUps: [{ followUpId: 'f1', form: 'hypertension', visitedOn: '2026-01-15', mode: 'clinic', outcome: 'visited', classification: 'unsatisfied', classificationDerived: false, classificationLabel: '控制不满意', signs: { systolicMmHg: 152, diastolicMmHg: 94 }, symptoms: [], medications: [], advice: '低盐饮食', nextVisitOn: '2026-01-29', doctorName: '李医生', referral: null }],
      medications: [{ medicationPlanId: 'm1', status: 'active', startedOn: '2025-11-01', drugName: '氨氯地平片', timesPerDay: 1, doseMgPerTime: 5, timesOfDay: [], programmeSubsidised: false, folateCourse: false }],
      interventions: [],
    });
    expect(view.contacts).toEqual([
      { label: '东城一队（团队电话）', phone: '010-65000001' },
      { label: '家庭医生 李医生', phone: '010-65000011' },
    ]);
    expect(view.diagnoses[0]?.title).toBe('高血压');
    expect(view.due[0]).toMatchObject({ title: '电话随访', overdue: true });
    expect(view.labs[0]?.lines).toEqual(['同型半胱氨酸 12.4 μmol/L']);
    expect(view.followUps[0]).toMatchObject({ classificationText: '控制不满意', unsatisfied: true, advice: '低盐饮食' });
    // Dates as shared/vocabulary writes them: the year only when it is not this year.
    expect(view.followUps[0]?.meta).toMatch(/^医生：李医生 · 血压 152\/94 · 下次随访 (2026年)?1月29日$/);
    expect(view.medications[0]?.meta).toContain('每日1次，每次5mg');
    expect(view.hTypeNote).toContain('H型高血压');
  });
});

describe('chart dots say what the legend says (issue 14)', () => {
  test.each([
    // atTarget · grade tone → dot
    [true, 'watch', 'good'], // 正常高值 but at the resident's target: green, as 达标
    [true, 'good', 'good'],
    [false, 'good', 'watch'], // 正常 by grade yet above a stricter personal target: 未达标
    [false, 'watch', 'watch'],
    [false, 'high', 'high'],
    [true, 'urgent', 'urgent'],
    [null, 'watch', 'watch'],
  ] as const)('atTarget %s, grade %s → %s', (atTarget, tone, expected) => {
    expect(chartToneOf(atTarget, tone)).toBe(expected);
  });
});

describe('admin report: each rate carries its formula', () => {
  test('the formulas of the response land beside the matching rate', async () => {
    const { reportViewOf } = await import('../../../miniapp/services/adminReports');
    const row = { level: 'programme' as const, institutionId: null, teamId: null, name: null, targetPopulation: 10, counts: { htnSpec: 1, htnManaged: 4, contracted: 5 }, rates: { htnSpecRate: 0.25, signingRate: 0.5 } };
    const view = reportViewOf({
      period: { year: 2026, from: '2026-01-01', to: '2026-03-31', source: 'residentYears', requiredFaceToFaceFollowUps: 1 },
      formulas: [{ rate: 'htnSpecRate', label: '高血压规范管理率', numerator: 'htnSpec', denominator: 'htnManaged', formula: '本期按规范管理的高血压患者数 ÷ 高血压管理人数' }],
      asOf: {},
      programme: row,
      institutions: [],
      teams: [],
      points: { issuedPoints: 0, redeemedPoints: 0, expiredPoints: 0, outstandingPoints: 0, issuedFen: 0, redeemedFen: 0, expiredFen: 0, outstandingLiabilityFen: 0, fenPerPoint: 10 },
      settlements: [],
      medicationAdherence: { windowDays: 30, programme: { residents: 0, good: 0, poor: 0, unknown: 0, goodRate: null }, teams: [] },
      generatedAt: '2026-04-01T00:00:00Z',
      today: '2026-04-01',
    });
    const htn = view.programme.groups.find((g) => g.key === 'htn')!.rates.find((r) => r.key === 'htnSpecRate')!;
    expect(htn).toMatchObject({ rateText: '25.0%', countText: '1 / 4 人', formulaText: '本期按规范管理的高血压患者数 ÷ 高血压管理人数' });
    expect(view.programme.groups[0]!.rates[0]!.formulaText).toBe('');
  });
});
