import request from 'supertest';
import { seedDemoData } from '../../../server/dev/seed';
import { educationListReader } from '../../../server/education/learning';
import { startTestStack, type TestStack } from '../../helpers/stack';

/** `npm start` shows co-management and education: the demo specialist's queue and the demo content, seeded idempotently. */
describe('demo seed (co-management and health education)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  test('the demo specialist sees 王建国 waiting for a review; three articles are published', async () => {
    const deps = stack.service.deps;
    const first = await seedDemoData(deps);
    await seedDemoData(deps);
    expect(first.accounts.map((a) => a.openidHint)).toContain('demo-specialist');
    const minted = await request(stack.url).post('/api/dev/wechat/login-code').send({ openidHint: 'demo-specialist' });
    const token = (await request(stack.url).post('/api/auth/wechat-login').send({ code: minted.body.data.code })).body.data.token as string;
    const queue = await request(stack.url).get('/api/specialist/queue').set('Authorization', `Bearer ${token}`);
    expect(queue.status).toBe(200);
    expect(queue.body.data.residents).toEqual([expect.objectContaining({ name: '王建国', needsReview: true, flags: [expect.objectContaining({ reason: 'teamRequest' })] })]);
    expect(await deps.models.EducationItem.countDocuments({ status: 'published' })).toBe(3);
    expect(await deps.models.Team.findById('team-demo-1').lean()).toMatchObject({ members: [expect.objectContaining({ lead: true })] });
  });

  // FerretDB 1.24 drops the empty `conditions` array from the seed's upsert; the list must still
  // answer, with the item for everyone offered to every resident (the API fuzz found a 500 here).
  test('the demo content lists for a resident, the item without conditions offered to all', async () => {
    const deps = stack.service.deps;
    await seedDemoData(deps);
    const resident = await deps.models.Resident.findOne({ name: '王建国' }).lean();
    const list = await educationListReader(deps, resident!);
    expect(list.items).toHaveLength(3);
    expect(list.items.every((item) => item.forResident)).toBe(true);
  });
});
