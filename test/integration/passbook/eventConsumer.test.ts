import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { ledgerReconciler } from '../../../server/ledger';
import { pointsEventConsumer, pointsEventsFor, pointsOfEvent, type ConsumableEvent } from '../../../server/passbook/eventConsumer';
import { requestPointsConsumption } from '../../../server/passbook/jobs';
import { createAccount, createBoundResident, createResident, giveDueFollowUps, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { ledgerLines, walletBalances } from '../../helpers/ledger';

/**
 * Domain events → points: the mapping table, a reading logged through the real API earning +2 once,
 * caps, and exactly-once consumption with consumers racing, leases running out and crashes between
 * issuing and marking.
 */
describe('passbook event consumer', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
  const deps = () => stack.service.deps;
  const balanceOf = async (residentId: string) => (await walletBalances(deps(), residentId)).balancePoints;

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  let eventSeq = 0;
  async function appendEvent(residentId: string, type: string, payload: Record<string, unknown>, occurredAt = clock.now()) {
    const eventId = `test:${type}:${(eventSeq += 1)}:${new Types.ObjectId().toHexString()}`;
    await deps().models.DomainEvent.collection.insertOne({ eventId, type, residentId: new Types.ObjectId(residentId), occurredAt, payload, recordedAt: clock.now(), pointsPending: true });
    return eventId;
  }

  test('the mapping table', () => {
    const e = (type: string, payload: Record<string, unknown>) => ({ eventId: 'E', type, payload });
    const none = { hasEarlierContract: false };
    expect(pointsEventsFor(e('homeReadingLogged', { measure: 'bp' }), none)).toEqual([{ eventId: 'E', eventType: 'homeReading', subKey: 'bp', verifiedBy: 'home' }]);
    expect(pointsEventsFor(e('screeningRecorded', { measures: ['bp', 'lipids', 'bp', 'x'] }), none).map((p) => [p.eventId, p.eventType])).toEqual([
      ['E:bp', 'screeningBp'],
      ['E:lipids', 'screeningLipids'],
    ]);
    expect(pointsEventsFor(e('hcyTestRecorded', {}), none)[0]?.eventType).toBe('hcyTest');
    expect(pointsEventsFor(e('followUpRecorded', { mode: 'clinic' }), none)[0]?.eventType).toBe('faceToFaceFollowUp');
    expect(pointsEventsFor(e('followUpRecorded', { mode: 'home' }), none)[0]?.eventType).toBe('faceToFaceFollowUp');
    expect(pointsEventsFor(e('followUpRecorded', { mode: 'phone' }), none)[0]?.eventType).toBe('phoneFollowUp');
    expect(pointsEventsFor(e('contractRecorded', { status: 'active' }), none)[0]?.eventType).toBe('contractSigned');
    expect(pointsEventsFor(e('contractRecorded', { status: 'active' }), { hasEarlierContract: true })[0]?.eventType).toBe('contractRenewed');
    expect(pointsEventsFor(e('contractRecorded', { status: 'terminated' }), none)).toEqual([]);
    expect(pointsEventsFor(e('bookingCreated', {}), none)).toEqual([]);
  });

  test('a reading logged through the API → consumer → +2 with its reason; the same reading again → nothing new; the daily cap', async () => {
    const { resident, account } = await createBoundResident(stack);
    const token = account.token;
    const log = (clientReadingId: string, measure: 'glucose' | 'bp' = 'glucose') =>
      request(stack.url)
        .post(`/api/residents/${resident.residentId}/readings`)
        .set('Authorization', `Bearer ${token}`)
        .send(
          measure === 'glucose'
            ? { measure, clientReadingId, measuredAt: clock.now().toISOString(), timing: 'fasting', glucoseMmolL: 6.1 }
            : { measure, clientReadingId, measuredAt: clock.now().toISOString(), readings: [{ systolicMmHg: 128, diastolicMmHg: 82 }, { systolicMmHg: 126, diastolicMmHg: 80 }] },
        );
    const first = newClientReadingId();
    expect((await log(first)).status).toBeLessThan(300);
    const report = await pointsEventConsumer(deps());
    expect(report).toMatchObject({ consumed: 1, pointsIssued: 2, failed: 0 });

    const statement = await request(stack.url).get(`/api/residents/${resident.residentId}/passbook/statement`).set('Authorization', `Bearer ${token}`);
    expect(statement.status).toBe(200);
    expect(statement.body.data.items[0]).toMatchObject({ kind: 'earn', points: 2, balanceAfterPoints: 2, reasonText: '记录家庭自测数据', day: '2026-03-10' });

    // The app retries the same reading: no new event, no new points.
    expect((await log(first)).status).toBeLessThan(300);
    expect((await pointsEventConsumer(deps())).consumed).toBe(0);
    expect(await balanceOf(resident.residentId)).toBe(2);

    // A second glucose reading the same day: recorded, but over the daily cap (0 credited, capped 2).
    expect((await log(newClientReadingId())).status).toBeLessThan(300);
    expect(await pointsEventConsumer(deps())).toMatchObject({ consumed: 1, pointsIssued: 0 });
    expect(await balanceOf(resident.residentId)).toBe(2);
    const capped = await request(stack.url).get(`/api/residents/${resident.residentId}/passbook/statement`).set('Authorization', `Bearer ${token}`);
    expect(capped.body.data.items[0]).toMatchObject({ points: 0, cappedPoints: 2, balanceAfterPoints: 2 });
    expect(capped.body.data.items[0].reasonText).toContain('已达上限');

    // Another measure the same day has its own daily allowance.
    const bp = await log(newClientReadingId(), 'bp');
    expect(bp.status).toBeLessThan(300);
    await pointsEventConsumer(deps());
    expect(await balanceOf(resident.residentId)).toBe(4);
    expect(await ledgerReconciler(deps(), { residentIds: [new Types.ObjectId(resident.residentId)] })).toEqual([]);
  });

  test('the monthly cap of home readings (60) holds across many days', async () => {
    const { residentId } = await createResident(stack);
    // 40 days × 1 reading, all in March (31 days) and April: March caps at 60 = 30 days.
    for (let d = 1; d <= 31; d += 1) {
      await appendEvent(residentId, 'homeReadingLogged', { measure: 'bp' }, new Date(`2026-03-${String(d).padStart(2, '0')}T01:00:00Z`));
    }
    await pointsEventConsumer(deps(), { batchSize: 100 });
    expect(await balanceOf(residentId)).toBe(60);
  });

  test('clinic events: screening (one per measure), Hcy, follow-ups need a contract, signing and renewal', async () => {
    const { residentId } = await createResident(stack);
    await appendEvent(residentId, 'screeningRecorded', { measures: ['bp', 'glucose'] });
    await appendEvent(residentId, 'hcyTestRecorded', { hcyUmolL: 12 });
    const phoneBefore = await appendEvent(residentId, 'followUpRecorded', { mode: 'phone' });
    await pointsEventConsumer(deps());
    expect(await balanceOf(residentId)).toBe(20 + 20 + 30);
    const uncontracted = await deps().models.DomainEvent.findOne({ eventId: phoneBefore }).lean();
    expect(uncontracted?.pointsResult).toEqual([expect.objectContaining({ eventType: 'phoneFollowUp', result: 'not_eligible_uncontracted', points: 0 })]);

    await giveDueFollowUps(stack, { residentId, contractStartsOn: '2026-01-01' });
    await appendEvent(residentId, 'followUpRecorded', { mode: 'clinic' });
    await appendEvent(residentId, 'followUpRecorded', { mode: 'phone' });
    await appendEvent(residentId, 'contractRecorded', { status: 'active', startsOn: '2026-01-01' });
    await appendEvent(residentId, 'contractRecorded', { status: 'active', startsOn: '2027-01-01' });
    await pointsEventConsumer(deps());
    expect(await balanceOf(residentId)).toBe(70 + 50 + 10 + 200 + 100);
  });

  test('exactly once: two consumers racing over the same events', async () => {
    const { residentId } = await createResident(stack);
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push(await appendEvent(residentId, 'screeningRecorded', { measures: ['bp'] }, new Date(Date.UTC(2026, 2, 1 + (i % 9), 1, i))));
    const reports = await Promise.all([
      pointsEventConsumer(deps(), { owner: 'A', batchSize: 7 }),
      pointsEventConsumer(deps(), { owner: 'B', batchSize: 50 }),
      pointsEventConsumer(deps(), { owner: 'C', batchSize: 50 }),
      pointsEventConsumer(deps(), { owner: 'A', batchSize: 50 }),
    ]);
    // Whatever is left (A's small first batch) is taken by a later run.
    await pointsEventConsumer(deps(), { owner: 'B' });
    expect(reports.reduce((s, r) => s + r.failed, 0)).toBe(0);
    const events = await deps().models.DomainEvent.find({ eventId: { $in: ids } }).lean();
    expect(events.every((e) => e.pointsConsumedAt instanceof Date)).toBe(true);
    expect((await ledgerLines(deps(), { residentId })).filter((line) => line.type === 'earn')).toHaveLength(30);
    expect(await balanceOf(residentId)).toBe(600);
    expect(await ledgerReconciler(deps(), { residentIds: [new Types.ObjectId(residentId)] })).toEqual([]);
  });

  test('a crash between issuing and marking, and a lease that ran out: the ledger key keeps it to one effect', async () => {
    const { residentId } = await createResident(stack);
    const crashed = await appendEvent(residentId, 'hcyTestRecorded', {});
    // The first consumer issued the points and died before marking the event, leaving its lease.
    const event = await deps().models.DomainEvent.findOneAndUpdate({ eventId: crashed }, { $set: { pointsClaimOwner: 'dead', pointsClaimUntil: new Date(clock.now().getTime() + 60_000) } }, { returnDocument: 'after', lean: true });
    await pointsOfEvent(deps(), event as unknown as ConsumableEvent);
    expect(await balanceOf(residentId)).toBe(30);
    // While the lease holds, nobody else takes it.
    expect((await pointsEventConsumer(deps(), { owner: 'live' })).consumed).toBe(0);
    clock.advanceMs(61_000);
    const report = await pointsEventConsumer(deps(), { owner: 'live' });
    expect(report).toMatchObject({ consumed: 1, pointsIssued: 0 });
    const marked = await deps().models.DomainEvent.findOne({ eventId: crashed }).lean();
    expect(marked?.pointsResult).toEqual([expect.objectContaining({ result: 'earned', points: 30, duplicate: true })]);
    expect(await balanceOf(residentId)).toBe(30);
    // The dead consumer comes back and tries to mark it: its conditional update finds nothing.
    const late = await deps().models.DomainEvent.updateOne({ eventId: crashed, pointsConsumedAt: null, pointsClaimOwner: 'dead' }, { $set: { pointsConsumedAt: clock.now() } });
    expect(late.modifiedCount).toBe(0);
  });

  test('the durable job runs the consumer on demand', async () => {
    const { residentId } = await createResident(stack);
    await appendEvent(residentId, 'screeningRecorded', { measures: ['lipids'] });
    await requestPointsConsumption(deps());
    expect(await stack.service.jobs.runDueJobs()).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(residentId)).toBe(20);
    const job = await deps().models.Job.findOne({ name: 'passbook.consumeEvents', state: 'done' }).sort({ finishedAt: -1 }).lean();
    expect(job?.result).toMatchObject({ failed: 0 });
  });

  test('an account with no resident sees nothing of the passbook', async () => {
    const { residentId } = await createResident(stack);
    const stranger = await createAccount(stack);
    const res = await request(stack.url).get(`/api/residents/${residentId}/passbook`).set('Authorization', `Bearer ${stranger.token}`);
    expect(res.status).toBe(403);
  });
});
