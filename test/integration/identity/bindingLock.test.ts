import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { createAccount, createResident } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/** The binding lock is one counter in MongoDB: two instances behind a load balancer share it. */
describe('binding lock shared by two instances', () => {
  const clock = new ManualClock(new Date('2026-04-01T01:00:00Z'));
  const env = { BINDING_ATTEMPTS_MAX: '3', BINDING_LOCK_MINUTES: '15', RATE_LIMIT_PER_MINUTE: '100000' };
  let first: TestStack;
  let second: TestStack;
  beforeAll(async () => {
    first = await startTestStack({ clock, env });
    second = await startTestStack({ clock, env, sameDatabaseAs: first });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  test('failures on either instance count together; the lock holds on both, even for correct details, and ends', async () => {
    const resident = await createResident(first, { name: '孙八方' });
    const account = await createAccount(first);
    const attempt = (stack: TestStack, phone: string) =>
      request(stack.url).post('/api/identity/bind').set('Authorization', `Bearer ${account.token}`).send({ method: 'details', name: '孙八方', idNumber: resident.idNumber, phone });

    expect((await attempt(first, '13800000001')).body.error.code).toBe('binding_details_not_matched');
    expect((await attempt(second, '13800000002')).body.error.code).toBe('binding_details_not_matched');
    expect((await attempt(first, '13800000003')).body.error.code).toBe('binding_details_not_matched');
    const locked = await attempt(second, resident.phone!);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'binding_locked', details: { retryAfterSeconds: expect.any(Number) } });
    const retryAfterSeconds = Number(locked.headers['retry-after']);
    expect(retryAfterSeconds).toBe(locked.body.error.details.retryAfterSeconds);
    expect((await attempt(first, resident.phone!)).body.error.code).toBe('binding_locked');

    // Another account is not affected by this account's lock.
    const neighbour = await createAccount(first);
    const other = await request(second.url).post('/api/identity/bind').set('Authorization', `Bearer ${neighbour.token}`).send({ method: 'bindingCode', code: 'ABCD-EFGH' });
    expect(other.body.error.code).toBe('binding_code_invalid');

    // Still locked a second before the time it named; open at that time, however often it was refused meanwhile.
    clock.advanceMs((retryAfterSeconds - 1) * 1000);
    expect((await attempt(first, resident.phone!)).body.error.code).toBe('binding_locked');
    clock.advanceMs(1000);
    const bound = await attempt(second, resident.phone!);
    expect(bound.status).toBe(200);
  });

  test('the lock slides: failures at the end of one window still count at the start of the next', async () => {
    const resident = await createResident(first, { name: '周九龄' });
    const account = await createAccount(first);
    const attempt = (phone: string) =>
      request(first.url).post('/api/identity/bind').set('Authorization', `Bearer ${account.token}`).send({ method: 'details', name: '周九龄', idNumber: resident.idNumber, phone });
    // Move to 10 s before a 15-minute boundary, fail three times, cross the boundary.
    const windowMs = 15 * 60_000;
    clock.advanceMs(windowMs - (clock.now().getTime() % windowMs) - 10_000);
    for (const phone of ['13800000011', '13800000012', '13800000013']) expect((await attempt(phone)).body.error.code).toBe('binding_details_not_matched');
    clock.advanceMs(20_000);
    const locked = await attempt(resident.phone!);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('binding_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
  });

  test('malformed input never counts towards the lock', async () => {
    const account = await createAccount(first);
    for (let i = 0; i < 5; i += 1) {
      const res = await request(first.url).post('/api/identity/bind').set('Authorization', `Bearer ${account.token}`).send({ method: 'details', name: '孙八方', idNumber: '123', phone: '13800000001' });
      expect(res.body.error.code).toBe('id_number_format_invalid');
    }
    const res = await request(second.url).post('/api/identity/bind').set('Authorization', `Bearer ${account.token}`).send({ method: 'bindingCode', code: 'ABCD-EFGH' });
    expect(res.body.error.code).toBe('binding_code_invalid');
  });
});
