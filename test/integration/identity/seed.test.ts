import request from 'supertest';
import { validateIdNumber } from '../../../shared/identity';
import { demoBindingCode, demoResidents, seedDemoData } from '../../../server/dev/seed';
import { startTestStack, type TestStack } from '../../helpers/stack';

describe('demo seed (identity)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => stack.stop());

  test('is idempotent, fictional, and the printed binding code and demo staff work', async () => {
    const deps = stack.service.deps;
    const first = await seedDemoData(deps);
    await seedDemoData(deps);
    expect(await deps.models.Resident.countDocuments()).toBe(demoResidents.length);
    expect(await deps.models.BindingCode.countDocuments()).toBe(1);
    for (const r of demoResidents) expect(validateIdNumber(r.idNumber).ok).toBe(true);
    expect(first.accounts.map((a) => a.openidHint)).toEqual(expect.arrayContaining(['demo-resident', 'demo-doctor', 'demo-admin']));
    expect(first.accounts.find((a) => a.openidHint === 'demo-resident')?.description).toContain('JKCZ-8888');

    const loginAs = async (hint: string) => {
      const minted = await request(stack.url).post('/api/dev/wechat/login-code').send({ openidHint: hint });
      return (await request(stack.url).post('/api/auth/wechat-login').send({ code: minted.body.data.code })).body.data.token as string;
    };
    const doctor = await loginAs('demo-doctor');
    expect((await request(stack.url).get('/api/me/profile').set('Authorization', `Bearer ${doctor}`)).body.data).toMatchObject({ roles: ['doctor'], staff: { institutionId: 'inst-demo-east' } });

    const resident = await loginAs('demo-resident');
    for (const document of ['privacyGuide', 'healthData']) {
      await request(stack.url).post('/api/consents').set('Authorization', `Bearer ${resident}`).send({ document, version: '2026-01', decision: 'accepted' });
    }
    const bound = await request(stack.url).post('/api/identity/bind').set('Authorization', `Bearer ${resident}`).send({ method: 'bindingCode', code: demoBindingCode });
    expect(bound.body.data.resident.name).toBe('刘秀英');
    const again = await seedDemoData(deps);
    expect(again.accounts.find((a) => a.openidHint === 'demo-resident')?.description).toContain('已使用');
  });
});
