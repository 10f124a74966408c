import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { JobRunner } from '../../../server/jobs/jobRunner';
import { ledgerReconciler } from '../../../server/ledger';
import { pointsEventConsumer, pointsEventsFor } from '../../../server/passbook/eventConsumer';
import { quarterlyAtTargetJudge, quarterPeriodOfKey } from '../../../server/passbook/quarterlyAtTarget';
import { quarterlyAtTargetJobKey, registerQuarterlyAtTargetJobs, requestQuarterlyAtTarget } from '../../../server/passbook/quarterlyAtTargetJobs';
import { createBoundResident, createResident, fakeIdNumber, giveClinicValue, giveDueFollowUps, newClientReadingId, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { ledgerLines, walletBalances } from '../../helpers/ledger';

/**
 * The quarterly 达标 reward against the real database, with hand-built clinic data: the most recent
 * clinic-verified value of each diagnosed condition in a Shanghai quarter, judged against the
 * resident's own target, appends one `quarterlyAtTarget` event per condition (idempotent by its id);
 * the passbook consumer credits +100 for each, once. Home readings never count.
 */
describe('quarterly 达标 reward', () => {
  let stack: TestStack;
  const afterQ1 = new Date('2026-04-05T02:00:00Z'); // 10:00 Shanghai, Q1 judged
  const inQ1 = new Date('2026-03-20T02:00:00Z');
  const clock = new ManualClock(afterQ1);
  const deps = () => stack.service.deps;
  const balanceOf = async (residentId: string) => (await walletBalances(deps(), residentId)).balancePoints;
  const atTargetEvents = (residentId: string) => deps().models.DomainEvent.find({ residentId: new Types.ObjectId(residentId), type: 'quarterlyAtTarget' }).sort({ eventId: 1 }).lean();
  const atTargetEarnings = async (residentId: string) => (await ledgerLines(deps(), { residentId })).filter((line) => line.reasonCode === 'earn_quarterlyAtTarget');
  const judgeQ1 = () => quarterlyAtTargetJudge(deps(), { quarter: '2026-Q1' });

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'error' } });
  });
  afterAll(() => stack.stop());
  afterEach(() => clock.set(afterQ1));

  /** A contracted resident (2026 contract) diagnosed with hypertension and any other conditions given. */
  async function contractedResident(birth: string, others: string[] = []) {
    const resident = await createResident(stack, { idNumber: fakeIdNumber({ birth }) });
    await giveDueFollowUps(stack, { residentId: resident.residentId, contractStartsOn: '2026-01-01' });
    for (const condition of others) await recordClinicFact(stack, { kind: 'diagnosis', residentId: resident.residentId, institutionId: 'inst-east', condition, diagnosedOn: '2021-06-01' });
    return resident;
  }

  test('the mapping table: one quarterlyAtTarget earning per event, the condition as sub-key, verifiedBy as stated', () => {
    const none = { hasEarlierContract: false };
    const e = (payload: Record<string, unknown>) => ({ eventId: 'atTarget:R:2026-Q1:hypertension', type: 'quarterlyAtTarget', payload });
    expect(pointsEventsFor(e({ condition: 'hypertension', quarter: '2026-Q1', verifiedBy: 'clinic' }), none)).toEqual([
      { eventId: 'atTarget:R:2026-Q1:hypertension', eventType: 'quarterlyAtTarget', subKey: 'hypertension', verifiedBy: 'clinic' },
    ]);
    // Anything but clinic-verified reaches the policy as such, and the policy refuses it.
    expect(pointsEventsFor(e({ condition: 'hypertension', verifiedBy: 'home' }), none)[0]?.verifiedBy).toBe('home');
    expect(pointsEventsFor(e({ condition: 'hyperglycemia' }), none)[0]?.verifiedBy).toBe('home');
    expect(pointsEventsFor(e({}), none)).toEqual([]);
  });

  test('BP at target on a follow-up → one event and +100, once; judging the quarter again changes nothing', async () => {
    const { residentId } = await contractedResident('19760412'); // 49 at the quarter's end: < 140/90
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-01-15', sbp: 152, dbp: 94 });
    const latest = await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-03-12', sbp: 132, dbp: 84 });
    // After the quarter: belongs to Q2, not to this judgement.
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-04-02', sbp: 168, dbp: 102 });

    const report = await judgeQ1();
    expect(report).toMatchObject({ quarter: '2026-Q1', result: 'judged' });
    expect(report.eventsAppended).toBeGreaterThanOrEqual(1);
    const events = await atTargetEvents(residentId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventId: `atTarget:${residentId}:2026-Q1:hypertension`,
      occurredAt: new Date('2026-03-31T15:59:59.999Z'),
      payload: {
        condition: 'hypertension',
        quarter: '2026-Q1',
        verifiedBy: 'clinic',
        valueSummary: {
          source: 'followUp',
          recordId: latest.recordId,
          measuredOn: '2026-03-12',
          values: { systolicMmHg: 132, diastolicMmHg: 84 },
          target: { systolicBelowMmHg: 140, diastolicBelowMmHg: 90, basis: 'general' },
        },
      },
    });

    await pointsEventConsumer(deps());
    expect(await balanceOf(residentId)).toBe(100);
    const earnings = await atTargetEarnings(residentId);
    expect(earnings).toEqual([expect.objectContaining({ type: 'earn', points: 100, sourceEventId: `atTarget:${residentId}:2026-Q1:hypertension` })]);
    const consumed = await deps().models.DomainEvent.findOne({ eventId: `atTarget:${residentId}:2026-Q1:hypertension` }).lean();
    expect(consumed?.pointsResult).toEqual([expect.objectContaining({ eventType: 'quarterlyAtTarget', result: 'earned', points: 100 })]);

    // The job runs again (a retry, a second instance, an on-demand run): nothing new anywhere.
    expect(await judgeQ1()).toMatchObject({ result: 'judged', eventsAppended: 0 });
    // Small batches judge exactly the same residents (a resident's diagnoses never straddle two batches).
    expect(await quarterlyAtTargetJudge(deps(), { quarter: '2026-Q1', batchSize: 1 })).toEqual({ ...report, eventsAppended: 0 });
    expect(await pointsEventConsumer(deps())).toMatchObject({ consumed: 0, pointsIssued: 0 });
    expect(await atTargetEvents(residentId)).toHaveLength(1);
    expect(await balanceOf(residentId)).toBe(100);
    expect(await ledgerReconciler(deps(), { residentIds: [new Types.ObjectId(residentId)] })).toEqual([]);
  });

  test('only the most recent clinic value of the quarter counts', async () => {
    const { residentId } = await contractedResident('19760412');
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-01-20', sbp: 124, dbp: 78 });
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-03-25', sbp: 146, dbp: 88 });
    await judgeQ1();
    expect(await atTargetEvents(residentId)).toEqual([]);
  });

  test('only home readings at target (and a phone follow-up reading them out) → no reward', async () => {
    const { resident, account } = await createBoundResident(stack, { idNumber: fakeIdNumber({ birth: '19760412' }) });
    const residentId = resident.residentId;
    await giveDueFollowUps(stack, { residentId, contractStartsOn: '2026-01-01' });
    clock.set(inQ1);
    for (let i = 0; i < 3; i += 1) {
      const logged = await request(stack.url)
        .post(`/api/residents/${residentId}/readings`)
        .set('Authorization', `Bearer ${account.token}`)
        .send({ measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: new Date(inQ1.getTime() - i * 86_400_000).toISOString(), readings: [{ systolicMmHg: 122, diastolicMmHg: 76 }, { systolicMmHg: 120, diastolicMmHg: 74 }] });
      expect(logged.status).toBeLessThan(300);
    }
    // A phone follow-up records what the resident's own monitor says: a home value.
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-03-18', mode: 'phone', sbp: 121, dbp: 75 });
    // A clinic value at target, but in the previous quarter.
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2025-12-28', sbp: 126, dbp: 80 });
    clock.set(afterQ1);

    await judgeQ1();
    expect(await atTargetEvents(residentId)).toEqual([]);
    await pointsEventConsumer(deps());
    expect(await atTargetEarnings(residentId)).toEqual([]);
    expect(await balanceOf(residentId)).toBe(6); // the readings' own +2 each, nothing more
  });

  test('two conditions at target → two rewards; with diabetes the BP target is < 130/80', async () => {
    const { residentId } = await contractedResident('19700105', ['hyperglycemia', 'dyslipidemia']);
    await giveClinicValue(stack, { kind: 'followUp', residentId, form: 'diabetes', visitedOn: '2026-02-20', sbp: 126, dbp: 78, fpg: 6.3 });
    // Dyslipidemia has no clinic value this quarter: no event for it.
    await judgeQ1();
    const events = await atTargetEvents(residentId);
    expect(events.map((e) => e.eventId)).toEqual([`atTarget:${residentId}:2026-Q1:hyperglycemia`, `atTarget:${residentId}:2026-Q1:hypertension`]);
    expect(events.find((e) => e.payload.condition === 'hypertension')?.payload.valueSummary.target).toEqual({ systolicBelowMmHg: 130, diastolicBelowMmHg: 80, basis: 'diabetesOrCkd' });
    expect(events.find((e) => e.payload.condition === 'hyperglycemia')?.payload.valueSummary).toMatchObject({ values: { fastingGlucoseMmolL: 6.3 }, target: { fastingMinMmolL: 4.4, fastingBelowMmolL: 7 } });

    await pointsEventConsumer(deps());
    expect(await balanceOf(residentId)).toBe(200);
    expect((await atTargetEarnings(residentId)).map((e) => e.points)).toEqual([100, 100]);

    // The same BP without diabetes would be judged on < 140/90; with it, 132/78 is not at target.
    const other = await contractedResident('19700105', ['hyperglycemia']);
    await giveClinicValue(stack, { kind: 'followUp', residentId: other.residentId, form: 'diabetes', visitedOn: '2026-03-02', sbp: 132, dbp: 78, fpg: 7.8 });
    await judgeQ1();
    expect(await atTargetEvents(other.residentId)).toEqual([]);
  });

  test('lab results judge LDL-C and Hcy: LDL-C by risk level; H-type hypertension needs Hcy < 10', async () => {
    const { residentId } = await contractedResident('19700105', ['dyslipidemia', 'hyperhomocysteinemia']);
    await giveClinicValue(stack, { kind: 'labResult', residentId, measuredAt: '2026-02-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 2.9 } });
    await giveClinicValue(stack, { kind: 'labResult', residentId, measuredAt: '2026-03-03T09:00:00+08:00', values: { hcyUmolL: 12.4 } });
    await judgeQ1();
    // LDL-C 2.9: hypertension with a risk factor (56 years: ≥45 men, ≥55 women) is medium risk by
    // LIP23's grid and <2.6 by G25 table 6 — not at target (the low-risk <3.4 no longer applies).
    // Hcy 12.4 with hypertension is H-type, whose target is < 10.
    expect(await atTargetEvents(residentId)).toEqual([]);

    // LDL-C 2.5 falls in the grid's lowest band (low risk), but hypertension with a risk factor keeps
    // G25's < 2.6: at target.
    const lowerLdl = await contractedResident('19700105', ['dyslipidemia']);
    await giveClinicValue(stack, { kind: 'labResult', residentId: lowerLdl.residentId, measuredAt: '2026-02-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 2.5 } });
    await judgeQ1();
    const events = await atTargetEvents(lowerLdl.residentId);
    expect(events.map((e) => e.payload.condition)).toEqual(['dyslipidemia']);
    expect(events[0]?.payload.valueSummary).toMatchObject({ source: 'labResult', measuredOn: '2026-02-03', target: { ldlBelowMmolL: 2.6, riskLevel: 'low', goalBasis: 'g25Table6' } });

    const lowered = await contractedResident('19700105', ['hyperhomocysteinemia']);
    await giveClinicValue(stack, { kind: 'labResult', residentId: lowered.residentId, measuredAt: '2026-03-30T09:00:00+08:00', values: { hcyUmolL: 8.6 } });
    await judgeQ1();
    expect((await atTargetEvents(lowered.residentId)).map((e) => e.payload.valueSummary.target)).toEqual([{ belowUmolL: 15, hTypeHypertension: false }]);
  });

  test('LDL-C by cardiovascular risk (LIP23, G25 table 6): hypertension + diabetes ≥ 40 → < 1.8; very high risk also needs ≥ 50 % below the baseline', async () => {
    const diabetic = await contractedResident('19700105', ['hyperglycemia', 'dyslipidemia']);
    await giveClinicValue(stack, { kind: 'labResult', residentId: diabetic.residentId, measuredAt: '2026-02-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 2.0 } });
    // Very high risk (ASCVD recorded by the doctor): < 1.8 and at most half the baseline. Baseline 3.4,
    // 1.79 in the quarter: below 1.8 but above 1.7 → not at target. Baseline 3.6, 1.7 → at target.
    const ascvd = await contractedResident('19700105', ['dyslipidemia']);
    await deps().models.Resident.updateOne({ _id: ascvd.residentId }, { $set: { clinicalTargets: { bpOffice: null, bpHome: null, ascvdRiskLevel: 'veryHigh' } } });
    await giveClinicValue(stack, { kind: 'labResult', residentId: ascvd.residentId, measuredAt: '2025-06-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 3.4 } });
    await giveClinicValue(stack, { kind: 'labResult', residentId: ascvd.residentId, measuredAt: '2026-03-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 1.79 } });
    const halved = await contractedResident('19700105', ['dyslipidemia']);
    await deps().models.Resident.updateOne({ _id: halved.residentId }, { $set: { clinicalTargets: { bpOffice: null, bpHome: null, ascvdRiskLevel: 'veryHigh' } } });
    await giveClinicValue(stack, { kind: 'labResult', residentId: halved.residentId, measuredAt: '2025-06-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 3.6 } });
    await giveClinicValue(stack, { kind: 'labResult', residentId: halved.residentId, measuredAt: '2026-03-03T09:00:00+08:00', values: { ldlCholesterolMmolL: 1.7 } });
    await judgeQ1();
    // 2.0 would have passed the old "high → < 2.6"; with hypertension G25 asks < 1.8.
    expect((await atTargetEvents(diabetic.residentId)).map((e) => e.payload.condition)).not.toContain('dyslipidemia');
    expect((await atTargetEvents(ascvd.residentId)).map((e) => e.payload.condition)).not.toContain('dyslipidemia');
    const rewarded = (await atTargetEvents(halved.residentId)).find((e) => e.payload.condition === 'dyslipidemia');
    expect(rewarded?.payload.valueSummary.target).toEqual({ ldlBelowMmolL: 1.8, riskLevel: 'veryHigh', goalBasis: 'lip23Table6', baselineLdlCholesterolMmolL: 3.6 });
  });

  test('65 and over: BP is judged on < 150/90', async () => {
    const elder = await contractedResident('19550610'); // 70 at the quarter's end
    const younger = await contractedResident('19760610'); // 49
    for (const { residentId } of [elder, younger]) await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-03-05', mode: 'home', sbp: 145, dbp: 86 });
    await judgeQ1();
    const elderEvents = await atTargetEvents(elder.residentId);
    expect(elderEvents).toHaveLength(1);
    expect(elderEvents[0]?.payload.valueSummary.target).toEqual({ systolicBelowMmHg: 150, diastolicBelowMmHg: 90, basis: 'elderly' });
    expect(await atTargetEvents(younger.residentId)).toEqual([]);
    await pointsEventConsumer(deps());
    expect(await balanceOf(elder.residentId)).toBe(100);
    expect(await balanceOf(younger.residentId)).toBe(0);
  });

  test('an uncontracted resident gets the event but no points (the policy: contracted residents only)', async () => {
    const { residentId } = await createResident(stack, { idNumber: fakeIdNumber({ birth: '19760412' }) });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId, institutionId: 'inst-east', condition: 'hypertension', diagnosedOn: '2020-01-01' });
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-03-05', sbp: 128, dbp: 80 });
    await judgeQ1();
    expect(await atTargetEvents(residentId)).toHaveLength(1);
    await pointsEventConsumer(deps());
    const event = await deps().models.DomainEvent.findOne({ eventId: `atTarget:${residentId}:2026-Q1:hypertension` }).lean();
    expect(event?.pointsResult).toEqual([expect.objectContaining({ result: 'not_eligible_uncontracted', points: 0 })]);
    expect(await balanceOf(residentId)).toBe(0);
  });

  test('a quarter is never judged before it ends', async () => {
    const { residentId } = await contractedResident('19760412');
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-04-03', sbp: 120, dbp: 76 });
    expect(await quarterlyAtTargetJudge(deps(), { quarter: '2026-Q2' })).toMatchObject({ result: 'quarter_not_ended', eventsAppended: 0 });
    expect(await atTargetEvents(residentId)).toEqual([]);
    expect(quarterPeriodOfKey('2026-Q4')).toMatchObject({ key: '2026-Q4', startsAt: new Date('2026-09-30T16:00:00Z'), endsAt: new Date('2026-12-31T16:00:00Z') });
  });

  test('the durable job: enqueued once per quarter under a unique key, run after the quarter ends; on demand for a given quarter', async () => {
    const deps_ = deps();
    const runner = registerQuarterlyAtTargetJobs(new JobRunner(deps_));
    const jobsOfQ1 = () => deps_.models.Job.find({ name: 'passbook.quarterlyAtTarget', key: quarterlyAtTargetJobKey('2026-Q1') }).lean();
    // Fresh state for the schedule: earlier tests did not use the jobs.
    expect(await jobsOfQ1()).toEqual([]);

    const { residentId } = await contractedResident('19760412');
    await giveClinicValue(stack, { kind: 'followUp', residentId, visitedOn: '2026-03-30', sbp: 130, dbp: 82 });

    // Day 1 of Q2: the scheduler enqueues Q1's judgement for after the settling days, and nothing runs yet.
    clock.set(new Date('2026-04-01T01:00:00Z'));
    await runner.scheduleRecurring();
    await runner.runDueJobs();
    clock.advanceMs(60 * 60_000); // the next hourly scheduler run (another instance, a restart)
    await runner.scheduleRecurring();
    await runner.runDueJobs();
    const queued = await jobsOfQ1();
    expect(queued).toEqual([expect.objectContaining({ state: 'queued', runAt: new Date('2026-04-03T16:00:00Z'), payload: { quarter: '2026-Q1' } })]);
    expect(await atTargetEvents(residentId)).toEqual([]);

    clock.set(new Date('2026-04-03T17:00:00Z'));
    await runner.scheduleRecurring();
    await runner.runDueJobs();
    const done = await jobsOfQ1();
    expect(done).toEqual([expect.objectContaining({ state: 'done', result: expect.objectContaining({ quarter: '2026-Q1', result: 'judged' }) })]);
    expect(await atTargetEvents(residentId)).toHaveLength(1);

    // On demand, for a given quarter: its own key, so it runs although the scheduled run is done.
    expect(await requestQuarterlyAtTarget(deps_, '2026-Q2')).toEqual({ result: 'quarter_not_ended', quarter: '2026-Q2' });
    expect(await requestQuarterlyAtTarget(deps_, '2026-5')).toEqual({ result: 'quarter_key_invalid', quarter: '2026-5' });
    const demanded = await requestQuarterlyAtTarget(deps_, '2026-Q1');
    expect(demanded.result).toBe('enqueued');
    await runner.runDueJobs();
    const demandJob = await deps_.models.Job.findOne({ key: (demanded as { jobKey: string }).jobKey }).lean();
    expect(demandJob).toMatchObject({ state: 'done', result: { quarter: '2026-Q1', result: 'judged', eventsAppended: 0 } });
    expect(await atTargetEvents(residentId)).toHaveLength(1);
  });
});
