import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { quarterlyAtTargetJudge } from '../../../server/passbook/quarterlyAtTarget';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { toHex } from '../../../shared/devices/bluetooth';
import { encodeBloodPressureMeasurement, encodeGlucoseMeasurement } from '../../../shared/devices/gattEncoding';
import { createAccount, createBoundResident, createProxyLink, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { clinicSystem } from '../medication/harness';

/**
 * Readings straight from meters: the service decodes the raw characteristic values, stores each
 * record once by the meter's own identity (a second sync — from another phone too — stores
 * nothing), marks them `device`, skips what cannot be a reading with the reason, and remembers a
 * glucose meter's last sequence. Kiosk readings arrive signed from the clinic system, are
 * clinic values (no home points; they count for quarterly 达标) and are idempotent by the kiosk's id.
 *
 * The clock: Tuesday 2026-03-10, 09:00 Shanghai.
 */
describe('meters and kiosks', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack?.stop());

  const time = (day: number, hours: number, minutes: number) => ({ year: 2026, month: 3, day, hours, minutes, seconds: 0 });
  const bpRecords = [
    encodeBloodPressureMeasurement({ systolic: 138, diastolic: 86, meanArterialPressure: 103, timestamp: time(8, 7, 30), pulseRateBpm: 72, userId: 1, statusBits: 0 }),
    encodeBloodPressureMeasurement({ systolic: 142, diastolic: 90, meanArterialPressure: 107, timestamp: time(9, 20, 5), pulseRateBpm: 75, userId: 1, statusBits: 0x02 }),
    encodeBloodPressureMeasurement({ systolic: 135, diastolic: 84, meanArterialPressure: 101, timestamp: time(10, 7, 10), pulseRateBpm: 70, userId: 1, statusBits: 0 }),
  ].map((bytes) => ({ characteristic: 'bloodPressureMeasurement' as const, valueHex: toHex(bytes) }));
  const bpMeter = { deviceId: 'A4:C1:38:00:11:22', name: 'Yuwell BP-YE680A', profile: 'bloodPressure' as const };

  async function family() {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    const son = await createAccount(stack);
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: son.accountId, scopes: ['view', 'logReadings'] });
    const importAs = (token: string, body: object) => request(stack.url).post(`/api/residents/${resident.residentId}/meter-imports`).set('Authorization', `Bearer ${token}`).send(body);
    return { resident, account, son, importAs };
  }

  test('a BP meter’s stored readings import once, with the meter’s time, as device readings', async () => {
    const f = await family();
    const first = await f.importAs(f.account.token, { meter: bpMeter, records: bpRecords });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ imported: 3, alreadyImported: 0, skipped: [] });
    expect(first.body.data.readings.map((r: { measuredAt: string; values: object; notes: string[] }) => [r.measuredAt, r.values, r.notes])).toEqual([
      ['2026-03-07T23:30:00.000Z', { systolicMmHg: 138, diastolicMmHg: 86, heartRateBpm: 72 }, []],
      ['2026-03-09T12:05:00.000Z', { systolicMmHg: 142, diastolicMmHg: 90, heartRateBpm: 75 }, ['袖带偏松']],
      ['2026-03-09T23:10:00.000Z', { systolicMmHg: 135, diastolicMmHg: 84, heartRateBpm: 70 }, []],
    ]);
    const stored = await stack.service.deps.models.Reading.find({ residentId: f.resident.residentId }).sort({ measuredAt: 1 }).lean();
    expect(stored.map((r) => [r.source, r.enteredBy.actingAs, (r.values as { timeOfDay: string }).timeOfDay])).toEqual([
      ['device', 'resident', 'morning'],
      ['device', 'resident', 'evening'],
      ['device', 'resident', 'morning'],
    ]);

    // The son syncs the same meter from his phone (another platform id): nothing new.
    const again = await f.importAs(f.son.token, { meter: { ...bpMeter, deviceId: '9F2A7C1E-0000-4000-8000-00000000AB12' }, records: bpRecords });
    expect(again.body.data).toMatchObject({ imported: 0, alreadyImported: 3 });
    expect(await stack.service.deps.models.Reading.countDocuments({ residentId: f.resident.residentId })).toBe(3);
    expect((await request(stack.url).get(`/api/residents/${f.resident.residentId}/meters`).set('Authorization', `Bearer ${f.son.token}`)).body.data.meters).toEqual([
      expect.objectContaining({ profile: 'bloodPressure', name: 'Yuwell BP-YE680A', lastDeviceId: '9F2A7C1E-0000-4000-8000-00000000AB12', lastSequence: null }),
    ]);

    // Points as for typed home readings: one per measure per day.
    await pointsEventConsumer(stack.service.deps);
    const events = await stack.service.deps.models.DomainEvent.find({ residentId: f.resident.residentId, type: 'homeReadingLogged' }).lean();
    expect(events).toHaveLength(3);
    expect(events.every((e) => (e.payload as { source: string }).source === 'device')).toBe(true);
  });

  test('records that cannot be readings are skipped with their reason; the rest import', async () => {
    const f = await family();
    const noDate = toHex(encodeBloodPressureMeasurement({ systolic: 138, diastolic: 88, meanArterialPressure: 120, timestamp: { year: null, month: 4, day: 17, hours: 20, minutes: 41, seconds: 59 } }));
    const future = toHex(encodeBloodPressureMeasurement({ systolic: 138, diastolic: 88, timestamp: time(12, 8, 0) }));
    const implausible = toHex(encodeBloodPressureMeasurement({ systolic: 80, diastolic: 95, timestamp: time(9, 8, 0) }));
    const res = await f.importAs(f.account.token, {
      meter: bpMeter,
      records: [...[noDate, '008a0058', future, implausible].map((valueHex) => ({ characteristic: 'bloodPressureMeasurement', valueHex })), bpRecords[0]],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.imported).toBe(1);
    expect(res.body.data.skipped.map((s: { index: number; reason: string }) => [s.index, s.reason])).toEqual([
      [0, 'timestamp_missing'],
      [1, 'length_too_short'],
      [2, 'reading_implausible'],
      [3, 'reading_implausible'],
    ]);
    expect(res.body.data.skipped[0].message).toContain('设置日期');
    // A glucose record sent as a BP meter's: refused before anything is stored.
    const mixed = await f.importAs(f.account.token, { meter: bpMeter, records: [{ characteristic: 'glucoseMeasurement', valueHex: '00010000' }] });
    expect([mixed.status, mixed.body.error.code]).toEqual([400, 'validation_failed']);
    // Who may sync: the resident and logReadings family; not a viewer, not the doctor.
    const viewer = await createAccount(stack);
    await createProxyLink(stack, { residentId: f.resident.residentId, proxyAccountId: viewer.accountId, scopes: ['view'] });
    expect((await f.importAs(viewer.token, { meter: bpMeter, records: [] })).status).toBe(403);
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    expect((await f.importAs(doctor.token, { meter: bpMeter, records: [] })).status).toBe(403);
  });

  test('a glucose meter: sequence numbers remembered, control solution skipped, values in mmol/L', async () => {
    const f = await family();
    const meter = { deviceId: 'C8:47:8C:00:00:01', name: 'Yuwell Glucose', serialNumber: 'YW-GLU-000123', profile: 'glucose' as const };
    const record = (sequenceNumber: number, day: number, mgPerDl: number, typeCode = 1, locationCode = 1) =>
      toHex(encodeGlucoseMeasurement({ sequenceNumber, baseTime: time(day, 6, 50), timeOffsetMinutes: 0, concentration: mgPerDl / 100_000, concentrationDecimals: 5, unit: 'kg/L', typeCode, locationCode, statusBits: 0 }));
    const res = await f.importAs(f.account.token, {
      meter,
      records: [record(41, 8, 112), record(42, 9, 99), record(43, 9, 100, 10, 4)].map((valueHex) => ({ characteristic: 'glucoseMeasurement', valueHex })),
    });
    expect(res.body.data).toMatchObject({ imported: 2, skipped: [{ index: 2, reason: 'control_solution' }], meter: { lastSequence: 43 } });
    expect(res.body.data.readings.map((r: { values: { glucoseMmolL: number } }) => r.values.glucoseMmolL)).toEqual([6.2, 5.5]);
    const stored = await stack.service.deps.models.Reading.findOne({ residentId: f.resident.residentId, measure: 'glucose' }).lean();
    expect(stored).toMatchObject({ source: 'device', values: { timing: 'random' }, device: { recordKey: expect.stringMatching(/^gl-4[12]-/) } });
  });

  test('kiosk readings: signed, clinic-verified, idempotent by the kiosk’s record id, and they count for quarterly 达标', async () => {
    clock.set(new Date('2026-03-10T02:00:00Z'));
    const clinic = await clinicSystem(stack, clock);
    const { resident } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    await recordClinicFact(stack, { kind: 'diagnosis', residentId: resident.residentId, institutionId: 'inst-east', condition: 'hypertension', diagnosedOn: '2020-01-01' });
    await recordClinicFact(stack, { kind: 'contract', residentId: resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const ref = await clinic.archiveIdOf(resident.residentId);
    const kiosk = { residentSourceId: ref, kioskId: 'KIOSK-EAST-01', measuredAt: '2026-03-10T09:12:00+08:00', measure: 'bp', systolicMmHg: 128, diastolicMmHg: 78, heartRateBpm: 70 };
    const first = await clinic.put('kiosk-readings', 'K-2026-0310-001', kiosk);
    expect([first.status, first.body.data?.result]).toEqual([200, 'created']);
    expect((await clinic.put('kiosk-readings', 'K-2026-0310-001', kiosk)).body.data.result).toBe('unchanged');
    const changed = await clinic.put('kiosk-readings', 'K-2026-0310-001', { ...kiosk, systolicMmHg: 150 });
    expect([changed.status, changed.body.error.code]).toEqual([409, 'kiosk_record_changed']);
    const stored = await stack.service.deps.models.Reading.find({ residentId: resident.residentId }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: 'clinic', enteredBy: { actingAs: 'clinic', accountId: null }, kiosk: { recordId: 'K-2026-0310-001', kioskId: 'KIOSK-EAST-01' } });
    expect(await stack.service.deps.models.DomainEvent.countDocuments({ residentId: resident.residentId, type: 'homeReadingLogged' })).toBe(0);

    // An urgent kiosk value alerts the team like any reading.
    const urgent = await clinic.put('kiosk-readings', 'K-2026-0310-002', { ...kiosk, measuredAt: '2026-03-10T09:20:00+08:00', systolicMmHg: 186, diastolicMmHg: 112 });
    expect(urgent.body.data.result).toBe('created');
    expect(await stack.service.deps.models.Alert.countDocuments({ residentId: resident.residentId, state: 'open' })).toBe(1);

    // Quarter 1 closes: the latest clinic value is the kiosk's (186/112): not at target; an
    // earlier at-target kiosk value alone would have earned the reward.
    clock.set(new Date('2026-04-01T01:00:00Z'));
    await quarterlyAtTargetJudge(stack.service.deps, { quarter: '2026-Q1' });
    expect(await stack.service.deps.models.DomainEvent.countDocuments({ eventId: `atTarget:${resident.residentId}:2026-Q1:hypertension` })).toBe(0);
    await stack.service.deps.models.Reading.deleteOne({ 'kiosk.recordId': 'K-2026-0310-002' });
    await quarterlyAtTargetJudge(stack.service.deps, { quarter: '2026-Q1' });
    const event = await stack.service.deps.models.DomainEvent.findOne({ eventId: `atTarget:${resident.residentId}:2026-Q1:hypertension` }).lean();
    expect(event?.payload).toMatchObject({ verifiedBy: 'clinic', valueSummary: { source: 'clinicReading', values: { systolicMmHg: 128, diastolicMmHg: 78 } } });
  });
});
