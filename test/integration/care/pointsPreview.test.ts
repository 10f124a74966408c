import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { pointsIssuer } from '../../../server/ledger/pointsIssuer';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { createAccount, createBoundResident, createProxyLink, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Saving a home reading says at once what it earns (docs/domain.md §4: +2, ≤ 1 per measure per day,
 * ≤ 60 per month), by the same rules the consumer then applies — and says "later" when an earlier
 * entry is still waiting for the consumer and could take the cap first.
 */
describe('the points a saved reading earns, said at once', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-31T01:00:00Z'));
  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  const log = (token: string, residentId: string, body: Record<string, unknown>) => request(stack.url).post(`/api/residents/${residentId}/readings`).set('Authorization', `Bearer ${token}`).send(body);
  const bp = () => ({ measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: clock.now().toISOString(), readings: [{ systolicMmHg: 132, diastolicMmHg: 82 }, { systolicMmHg: 130, diastolicMmHg: 80 }], timeOfDay: 'morning' });
  const glucose = () => ({ measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: clock.now().toISOString(), timing: 'fasting', glucoseMmolL: 6.1 });

  test('+2 for the first BP of the day; a second one that day earns nothing, and says why; a retry reports what was credited', async () => {
    const { resident, account } = await createBoundResident(stack);
    const first = await log(account.token, resident.residentId, bp()).expect(201);
    expect(first.body.data.points).toEqual({ points: 2, certain: true, reason: 'earned' });
    // Another measure while the BP still waits for the consumer: the month's cap is shared, so "later".
    const meanwhile = await log(account.token, resident.residentId, glucose()).expect(201);
    expect(meanwhile.body.data.points).toEqual({ points: 2, certain: false, reason: 'earned' });
    await pointsEventConsumer(stack.service.deps);

    const second = await log(account.token, resident.residentId, bp()).expect(201);
    expect(second.body.data.points).toEqual({ points: 0, certain: true, reason: 'capped_by_daily_limit' });
    await pointsEventConsumer(stack.service.deps);
    // The app retries the first one: the preview is now what the consumer really credited.
    const body = bp();
    await log(account.token, resident.residentId, body).expect(201);
    await pointsEventConsumer(stack.service.deps);
    const replay = await log(account.token, resident.residentId, body).expect(201);
    expect(replay.body.data).toMatchObject({ duplicate: true, points: { points: 0, certain: true, reason: 'capped_by_daily_limit' } });
  });

  test('the monthly cap (60) is respected: the 31st reading of March earns nothing', async () => {
    const { resident, account } = await createBoundResident(stack);
    for (let day = 1; day <= 30; day += 1) {
      const occurredAt = new Date(Date.UTC(2026, 2, day, 1));
      await pointsIssuer(stack.service.deps, { eventId: `month-cap-${resident.residentId}-${day}`, eventType: 'homeReading', residentId: resident.residentId, occurredAt, subKey: 'bp', contracted: false, verifiedBy: 'home' });
    }
    const saved = await log(account.token, resident.residentId, bp()).expect(201);
    expect(saved.body.data.points).toEqual({ points: 0, certain: true, reason: 'capped_by_monthly_limit' });
  });

  test('a relative’s entry earns for the resident too; a clinic entry has no preview', async () => {
    const { resident } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
    const daughter = await createAccount(stack);
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings'] });
    const byDaughter = await log(daughter.token, resident.residentId, bp()).expect(201);
    expect(byDaughter.body.data.points).toEqual({ points: 2, certain: true, reason: 'earned' });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const atClinic = await log(doctor.token, resident.residentId, { ...glucose(), source: 'clinic' }).expect(201);
    expect(atClinic.body.data.points).toBeNull();
  });
});
