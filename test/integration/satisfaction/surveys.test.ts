import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { createAccount, createBoundResident, recordClinicFact } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The satisfaction survey: offered after a service of the last 14 days, answered or dismissed once
 * per service (a second answer changes nothing), never for someone else's service.
 */
describe('satisfaction survey after a service', () => {
  let stack: TestStack;
  // 2026-03-20 10:00 Shanghai.
  const clock = new ManualClock(new Date('2026-03-20T02:00:00Z'));
  const as = (token: string) => ({
    get: (path: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  test('pending after a follow-up; answered once; dismissed not asked again; old services and other people’s are not offered', async () => {
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-s', teamId: 'team-s1' });
    const residentId = resident.residentId;
    for (const visitedOn of ['2026-03-18', '2026-03-12', '2026-03-05']) await recordClinicFact(stack, { kind: 'followUp', residentId, institutionId: 'inst-s', form: 'hypertension', visitedOn, mode: 'phone' });
    const path = `/api/residents/${residentId}/surveys`;
    const pending = (await as(account.token).get(path)).body.data.surveys as Array<{ eventKey: string; title: string; questions: Array<{ key: string; text: string }> }>;
    // 3月5日 is 15 days ago: outside the offer window.
    expect(pending.map((s) => s.title)).toEqual(['3月18日 电话随访', '3月12日 电话随访']);
    expect(pending[0]!.questions.map((q) => q.text)).toEqual(['您对这次随访满意吗？', '医生的服务态度好吗？', '医生把病情和注意事项讲清楚了吗？']);

    const answer = await as(account.token).post(path, { eventKey: pending[0]!.eventKey, answers: { overall: 5, attitude: 4, explanation: 5 } });
    expect(answer.body.data).toEqual({ eventKey: pending[0]!.eventKey, answered: true, recorded: true });
    const again = await as(account.token).post(path, { eventKey: pending[0]!.eventKey, answers: { overall: 1, attitude: 1, explanation: 1 } });
    expect(again.body.data).toEqual({ eventKey: pending[0]!.eventKey, answered: true, recorded: false });
    expect((await stack.service.deps.models.SatisfactionResponse.findById(pending[0]!.eventKey).lean())).toMatchObject({ answers: { overall: 5, attitude: 4, explanation: 5 }, teamId: 'team-s1', institutionId: 'inst-s', subject: 'followUp', serviceOn: '2026-03-18' });

    expect((await as(account.token).post(path, { eventKey: pending[1]!.eventKey, dismissed: true })).body.data).toMatchObject({ answered: false, recorded: true });
    expect((await as(account.token).get(path)).body.data.surveys).toEqual([]);

    const bad = await as(account.token).post(path, { eventKey: pending[0]!.eventKey, answers: { overall: 6, attitude: 4, explanation: 5 } });
    expect(bad.status).toBe(400);
    const other = await createBoundResident(stack, { institutionId: 'inst-s', teamId: 'team-s1' });
    const notTheirs = await as(other.account.token).post(`/api/residents/${other.resident.residentId}/surveys`, { eventKey: pending[0]!.eventKey, answers: { overall: 1, attitude: 1, explanation: 1 } });
    expect({ status: notTheirs.status, code: notTheirs.body.error?.code }).toEqual({ status: 422, code: 'survey_not_available' });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-s', teamId: 'team-s1' } });
    expect((await as(doctor.token).get(path)).body.error?.code).toBe('access_denied');
  });
});
