import request from 'supertest';
import { startTestStack, type TestStack } from '../../helpers/stack';

async function mintLoginCode(stack: TestStack, openid: string): Promise<string> {
  const res = await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/login-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: openid }),
  });
  return ((await res.json()) as { code: string }).code;
}

describe('WeChat login through the simulator', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  test('a wx.login code becomes a session; the token opens /api/me', async () => {
    const code = await mintLoginCode(stack, 'login-test-1');
    const login = await request(stack.url).post('/api/auth/wechat-login').send({ code });
    expect(login.status).toBe(200);
    expect(login.body.data.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(login.body)).not.toMatch(/session_?key/i);
    const me = await request(stack.url).get('/api/me').set('Authorization', `Bearer ${login.body.data.token}`);
    expect(me.status).toBe(200);
    expect(me.body.data.accountId).toBe(login.body.data.account.id);
  });

  test('the session token is stored only as a hash', async () => {
    const code = await mintLoginCode(stack, 'login-test-2');
    const { body } = await request(stack.url).post('/api/auth/wechat-login').send({ code });
    const sessions = await stack.service.deps.models.Session.find().lean();
    expect(JSON.stringify(sessions)).not.toContain(body.data.token);
  });

  test('a reused code answers wechat_code_used; an unknown one wechat_code_invalid', async () => {
    const code = await mintLoginCode(stack, 'login-test-3');
    expect((await request(stack.url).post('/api/auth/wechat-login').send({ code })).status).toBe(200);
    const reused = await request(stack.url).post('/api/auth/wechat-login').send({ code });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('wechat_code_used');
    const unknown = await request(stack.url).post('/api/auth/wechat-login').send({ code: 'no-such-code' });
    expect(unknown.body.error.code).toBe('wechat_code_invalid');
  });

  test('the H5 stand-in mints a login code through the service (simulators enabled only)', async () => {
    const minted = await request(stack.url).post('/api/dev/wechat/login-code').send({ openidHint: 'h5-user' });
    expect(minted.status).toBe(200);
    const login = await request(stack.url).post('/api/auth/wechat-login').send({ code: minted.body.data.code });
    expect(login.status).toBe(200);
  });

  test('an invalid bearer token is refused', async () => {
    const res = await request(stack.url).get('/api/me').set('Authorization', 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(res.status).toBe(401);
  });
});
