import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { bookingCreator } from '../../../server/followups/bookings';
import { dueItemsOf } from '../../../server/followups/dueItems';
import { signedHeaders } from '../../../server/integration/signature';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createAccount, createBoundResident, createIntegrationClient, createSlot, fakeIdNumber, giveDueFollowUps, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { walletBalances } from '../../helpers/ledger';

/**
 * Follow-ups recorded outside the booking's own staff path: (a) pushed by the clinic's system through
 * the integration API, which marks that day's booked visit attended; (b) entered by the team's
 * doctor with no booking at all (a phone follow-up), which completes the due item and emits the
 * same `followUpRecorded` event as the booking path.
 */
describe('follow-ups recorded without the booking path', () => {
  let stack: TestStack;
  const start = new Date('2026-03-10T01:00:00Z'); // 09:00 Shanghai
  const clock = new ManualClock(start);
  const deps = () => stack.service.deps;
  let doctor: Awaited<ReturnType<typeof createAccount>>;
  let client: { clientId: string; key: string };

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'error' } });
    doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    client = await createIntegrationClient(stack, { institutionId: 'inst-east' });
  });
  afterAll(() => stack.stop());
  afterEach(() => clock.set(start));

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body?: object) => request(stack.url).post(path).set(auth(token)).send(body ?? {});
  const get = (token: string, path: string) => request(stack.url).get(path).set(auth(token));
  const put = (path: string, body: unknown) => {
    const text = JSON.stringify(body);
    return request(stack.url).put(path).set(signedHeaders(client, { method: 'PUT', path, body: text, now: clock.now() })).set('Content-Type', 'application/json').send(text);
  };
  const bookingOf = (bookingId: string) => deps().models.Booking.findById(bookingId).lean();

  /** A resident whose archive the clinic system pushed (so it can push their follow-ups), with due follow-ups. */
  async function pushedResident(archiveSourceId: string) {
    const archive = await put(`/api/integration/archives/${archiveSourceId}`, { name: '王建国', idNumber: fakeIdNumber({ birth: '19600214' }), teamId: 'team-east-1' });
    expect(archive.status).toBe(200);
    const residentId = archive.body.data.residentId as string;
    await giveDueFollowUps(stack, { residentId });
    return residentId;
  }

  async function bookDue(residentId: string, kind: 'faceToFaceFollowUp' | 'phoneFollowUp', slot: { place?: 'clinic' | 'home' | 'phone'; daysAhead?: number; startTime?: string; endTime?: string }) {
    const resident = (await deps().models.Resident.findById(residentId).lean())!;
    const item = (await dueItemsOf(deps(), resident)).find((d) => d.kind === kind)!;
    const { slotId, date } = await createSlot(stack, { capacity: 3, ...slot });
    const booking = await bookingCreator(deps(), { resident, slotId, dueItemKey: item.key, bookedBy: { accountId: 'test', basis: 'self' } });
    return { bookingId: String(booking._id), date, dueItemKey: item.key };
  }

  const pushedFollowUp = (archiveSourceId: string, visitedOn: string, mode: 'clinic' | 'home' | 'phone' = 'clinic') => ({
    residentSourceId: archiveSourceId,
    form: 'hypertension',
    visitedOn,
    mode,
    signs: { systolicMmHg: 134, diastolicMmHg: 84 },
    classification: 'satisfied',
    doctorName: '李医生',
  });

  describe('(a) a follow-up pushed through the integration API', () => {
    test('marks the booked visit of that day attended, once; a re-push changes nothing', async () => {
      const residentId = await pushedResident('FU-A1');
      const { bookingId, date } = await bookDue(residentId, 'faceToFaceFollowUp', { daysAhead: 1 });
      clock.advanceMs(26 * 3_600_000); // the booking's day, 11:00

      const pushed = await put('/api/integration/follow-ups/FU-A1-V1', pushedFollowUp('FU-A1', date));
      expect(pushed.status).toBe(200);
      expect(pushed.body.data.result).toBe('created');
      const attended = await bookingOf(bookingId);
      expect(attended).toMatchObject({ status: 'attended', followUpRecordId: new Types.ObjectId(pushed.body.data.recordId as string), attendanceMarkedBy: `integration:${client.clientId}` });

      clock.advanceMs(3_600_000);
      const again = await put('/api/integration/follow-ups/FU-A1-V1', pushedFollowUp('FU-A1', date));
      expect(again.body.data.result).toBe('unchanged');
      expect(await bookingOf(bookingId)).toEqual(attended);

      // The resident and the doctor's day list see it.
      const day = await get(doctor.token, `/api/staff/bookings?date=${date}`);
      expect(day.body.data.bookings).toEqual(expect.arrayContaining([expect.objectContaining({ bookingId, status: 'attended', followUpRecorded: true })]));
    });

    test('a booking staff already marked attended gets the record linked and keeps staff’s mark', async () => {
      const residentId = await pushedResident('FU-A2');
      const { bookingId, date } = await bookDue(residentId, 'faceToFaceFollowUp', { daysAhead: 1 });
      clock.advanceMs(26 * 3_600_000);
      expect((await post(doctor.token, `/api/staff/bookings/${bookingId}/attended`)).body.data.booking.status).toBe('attended');
      const pushed = await put('/api/integration/follow-ups/FU-A2-V1', pushedFollowUp('FU-A2', date, 'home'));
      expect(await bookingOf(bookingId)).toMatchObject({ status: 'attended', followUpRecordId: new Types.ObjectId(pushed.body.data.recordId as string), attendanceMarkedBy: doctor.accountId });
    });

    test('another date, a phone call on a clinic booking’s day, or a lost-to-follow-up record attend nothing', async () => {
      const residentId = await pushedResident('FU-A3');
      const { bookingId, date } = await bookDue(residentId, 'faceToFaceFollowUp', { daysAhead: 1 });
      clock.advanceMs(26 * 3_600_000);
      expect((await put('/api/integration/follow-ups/FU-A3-V1', pushedFollowUp('FU-A3', '2026-03-10'))).status).toBe(200);
      expect((await put('/api/integration/follow-ups/FU-A3-V2', pushedFollowUp('FU-A3', date, 'phone'))).status).toBe(200);
      const lost = await put('/api/integration/follow-ups/FU-A3-V3', { ...pushedFollowUp('FU-A3', date), outcome: 'lostToFollowUp', outcomeNote: '外出务工' });
      expect(lost.status).toBe(200);
      expect(await bookingOf(bookingId)).toMatchObject({ status: 'booked', followUpRecordId: null });
      // The 失访 record earns nothing but reaches the reports (counted as not controlled).
      const events = await deps().models.DomainEvent.find({ residentId: new Types.ObjectId(residentId), eventId: { $regex: '^followUpOutcome:' } }).lean();
      expect(events).toEqual([expect.objectContaining({ type: 'followUpOutcomeRecorded', payload: { followUpId: lost.body.data.recordId, form: 'hypertension', outcome: 'lostToFollowUp' } })]);
    });
  });

  describe('(b) staff record a follow-up without a booking', () => {
    const path = (residentId: string) => `/api/staff/residents/${residentId}/follow-ups`;
    const form = { form: 'hypertension', classification: 'satisfied', signs: { systolicMmHg: 132, diastolicMmHg: 82 }, advice: '坚持服药，少盐', doctorName: '李医生' };

    test('a phone follow-up completes the due item, emits the same event (which earns its points) and is idempotent by clientRecordId', async () => {
      const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
      const residentId = resident.residentId;
      await giveDueFollowUps(stack, { residentId });
      const before = await get(account.token, `/api/residents/${residentId}/due-items`);
      const phoneItem = before.body.data.items.find((i: { kind: string }) => i.kind === 'phoneFollowUp');
      expect(phoneItem).toBeDefined();

      const clientRecordId = newClientReadingId();
      const recorded = await post(doctor.token, path(residentId), { clientRecordId, ...form });
      expect(recorded.status).toBe(201);
      expect(recorded.body.data).toMatchObject({ created: true, booking: null });
      const followUpId = recorded.body.data.followUpId as string;
      expect(await deps().models.FollowUpRecord.findById(followUpId).lean()).toMatchObject({ visitedOn: '2026-03-10', mode: 'phone', classification: 'satisfied', data: { clientRecordId, recordedByAccountId: doctor.accountId } });

      const events = await deps().models.DomainEvent.find({ residentId: new Types.ObjectId(residentId), type: 'followUpRecorded' }).lean();
      expect(events).toEqual([expect.objectContaining({ eventId: `followUp:inst-east:staff:${residentId}:${clientRecordId}`, payload: { followUpId, form: 'hypertension', mode: 'phone', classification: 'satisfied' } })]);

      const after = await get(account.token, `/api/residents/${residentId}/due-items`);
      expect(after.body.data.items.map((i: { key: string }) => i.key)).not.toContain(phoneItem.key);
      const history = await get(account.token, `/api/residents/${residentId}/follow-ups`);
      expect(history.body.data.followUps[0]).toMatchObject({ followUpId, modeLabel: '电话随访', classificationLabel: '控制满意', advice: '坚持服药，少盐' });

      // A retry of the same request: the same record, nothing new. The same id with other content: refused.
      const retry = await post(doctor.token, path(residentId), { clientRecordId, ...form });
      expect(retry.status).toBe(201);
      expect(retry.body.data).toMatchObject({ created: false, followUpId });
      const reused = await post(doctor.token, path(residentId), { clientRecordId, ...form, classification: 'unsatisfied' });
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('follow_up_record_id_reused');
      expect(await deps().models.FollowUpRecord.countDocuments({ residentId: new Types.ObjectId(residentId) })).toBe(1);
      expect(await deps().models.DomainEvent.countDocuments({ residentId: new Types.ObjectId(residentId), type: 'followUpRecorded' })).toBe(1);

      // The passbook consumes it like any phone follow-up (+10 under a contract).
      await pointsEventConsumer(deps());
      expect((await walletBalances(deps(), residentId)).balancePoints).toBe(10);
    });

    test('the stored BMI is computed from the archive’s height and the form’s weights, not taken from the client', async () => {
      const { resident } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
      const residentId = resident.residentId;
      await deps().models.Resident.updateOne({ _id: new Types.ObjectId(residentId) }, { $set: { heightCm: 160 } });
      const signs = { systolicMmHg: 132, diastolicMmHg: 82, weightKg: { now: 48, target: 51.2 }, bmi: { now: 18.7, target: 99 } };
      const recorded = await post(doctor.token, path(residentId), { clientRecordId: newClientReadingId(), ...form, signs });
      expect(recorded.status).toBe(201);
      const stored = await deps().models.FollowUpRecord.findById(recorded.body.data.followUpId).lean();
      // 48 kg at 1.60 m is 18.75 → 18.8 (shared/clinical/bmi.ts); 51.2 kg → 20.0.
      expect(stored?.data).toMatchObject({ signs: { weightKg: { now: 48, target: 51.2 }, bmi: { now: 18.8, target: 20 } } });
    });

    test('a schema-valid form without a classification: derived from the recorded values, and every reader still answers (issue 19 #1, issue 15)', async () => {
      const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1', idNumber: fakeIdNumber({ birth: '19600214' }) });
      const residentId = resident.residentId;
      await giveDueFollowUps(stack, { residentId });
      // The bare minimum the schema accepts: no classification, no values at all.
      const bare = await post(doctor.token, path(residentId), { form: 'hypertension', clientRecordId: newClientReadingId() });
      expect(bare.status).toBe(201);
      for (const readerPath of [`/api/residents/${residentId}/records`, `/api/residents/${residentId}/follow-ups`]) {
        const read = await get(account.token, readerPath);
        expect(read.status).toBe(200);
      }
      const summary = await get(doctor.token, `/api/staff/residents/${residentId}`);
      expect(summary.status).toBe(200);
      expect(summary.body.data.lastFollowUps[0]).toMatchObject({ classification: null, classificationLabel: null });

      // An uncontrolled 150/95 left unclassified is 控制不满意: a re-follow-up within 2 weeks is due.
      const uncontrolled = await post(doctor.token, path(residentId), { form: 'hypertension', clientRecordId: newClientReadingId(), signs: { systolicMmHg: 150, diastolicMmHg: 95 } });
      expect(uncontrolled.status).toBe(201);
      expect(await deps().models.FollowUpRecord.findById(uncontrolled.body.data.followUpId).lean()).toMatchObject({ classification: 'unsatisfied', classificationDerived: true });
      const due = await get(account.token, `/api/residents/${residentId}/due-items`);
      expect(due.body.data.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'reFollowUp', dueBy: '2026-03-24', reason: 'fourteen_days_since_unsatisfied_follow_up' })]));
      const records = await get(account.token, `/api/residents/${residentId}/records`);
      expect(records.status).toBe(200);
      expect(records.body.data.followUps[0]).toMatchObject({ classification: 'unsatisfied', classificationDerived: true, classificationLabel: '控制不满意（按测量值判定）' });
    });

    test('a booked phone call of that day is marked attended by it', async () => {
      const { resident } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
      await giveDueFollowUps(stack, { residentId: resident.residentId });
      const { bookingId } = await bookDue(resident.residentId, 'phoneFollowUp', { place: 'phone', daysAhead: 0, startTime: '15:00', endTime: '16:00' });
      const recorded = await post(doctor.token, path(resident.residentId), { clientRecordId: newClientReadingId(), ...form, visitedOn: '2026-03-10', mode: 'phone' });
      expect(recorded.status).toBe(201);
      expect(recorded.body.data.booking).toMatchObject({ bookingId, status: 'attended', followUpRecorded: true });
      expect(await bookingOf(bookingId)).toMatchObject({ status: 'attended', attendanceMarkedBy: doctor.accountId });
    });

    test('the same form checks as the booking path; only the resident’s own team', async () => {
      const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
      const residentId = resident.residentId;
      const send = (body: object, token = doctor.token) => post(token, path(residentId), { clientRecordId: newClientReadingId(), ...body });
      expect((await send({ ...form, visitedOn: '2026-03-11' })).body.error.code).toBe('record_implausible');
      const implausible = await send({ ...form, signs: { systolicMmHg: 400, diastolicMmHg: 82 } });
      expect(implausible.status).toBe(422);
      expect(implausible.body.error.code).toBe('record_implausible');
      expect((await send({ classification: 'satisfied' })).body.error.code).toBe('validation_failed');
      expect((await post(doctor.token, path(residentId), { ...form, clientRecordId: 'short' })).body.error.code).toBe('validation_failed');

      const westDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } });
      const otherTeamDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-2' } });
      for (const token of [westDoctor.token, otherTeamDoctor.token, account.token]) {
        const denied = await send(form, token);
        expect(denied.status).toBe(403);
        expect(denied.body.error.code).toBe('access_denied');
      }
      expect(await deps().models.FollowUpRecord.countDocuments({ residentId: new Types.ObjectId(residentId) })).toBe(0);
    });
  });
});
