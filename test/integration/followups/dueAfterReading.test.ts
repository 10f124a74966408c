import request from 'supertest';
import { createBoundResident, giveClinicValue, giveDueFollowUps, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Issue 14: 测量血压 (the monthly BP check of H-type hypertension) stayed 已超期 right after the
 * resident measured her blood pressure. A home BP reading meets the check, and the due items the
 * app reads next already say so.
 */
describe('due items right after a reading that satisfies them', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  test('a home BP reading clears the overdue BP check at once', async () => {
    const { resident, account } = await createBoundResident(stack);
    // Hypertension with Hcy 15 μmol/L (H-type), contracted 4 months ago, no BP check since.
    await giveDueFollowUps(stack, { residentId: resident.residentId });
    await giveClinicValue(stack, { kind: 'labResult', residentId: resident.residentId, measuredAt: new Date(Date.now() - 200 * 86_400_000).toISOString(), values: { hcyUmolL: 15 } });
    const dueItems = async () => (await request(stack.url).get(`/api/residents/${resident.residentId}/due-items`).set('Authorization', `Bearer ${account.token}`)).body.data.items as Array<{ kind: string; status: string }>;

    expect((await dueItems()).find((item) => item.kind === 'bpCheck')).toMatchObject({ status: 'overdue' });

    const logged = await request(stack.url)
      .post(`/api/residents/${resident.residentId}/readings`)
      .set('Authorization', `Bearer ${account.token}`)
      .send({ measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), timeOfDay: 'morning', readings: [{ systolicMmHg: 132, diastolicMmHg: 82 }, { systolicMmHg: 130, diastolicMmHg: 80 }] });
    expect(logged.status).toBe(201);

    const bpCheck = (await dueItems()).find((item) => item.kind === 'bpCheck');
    expect(bpCheck?.status ?? 'not listed').not.toBe('overdue');
  });
});
