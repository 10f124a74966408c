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
    expect((await attempt(first, resident.phone!)).body.error.code).toBe('binding_locked');

    // Another account is not affected by this account's lock.
    const neighbour = await createAccount(first);
    const other = await request(second.url).post('/api/identity/bind').set('Authorization', `Bearer ${neighbour.token}`).send({ method: 'bindingCode', code: 'ABCD-EFGH' });
    expect(other.body.error.code).toBe('binding_code_invalid');

    clock.advanceMs(15 * 60_000);
    const bound = await attempt(second, resident.phone!);
    expect(bound.status).toBe(200);
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
