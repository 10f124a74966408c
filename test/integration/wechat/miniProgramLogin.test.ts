import { startWechatApiSimulator, type WechatApiSimulator } from '../../../server/dev/simulators/wechatApi';
import { createMiniProgramClient, type MiniProgramClient } from '../../../server/wechat/miniProgramClient';
import { WechatApiError } from '../../../server/wechat/wechatApiError';
import { useTestDatabase } from '../../helpers/db';
import { postJson } from './notifyCapture';

describe('WeChat login code exchange (jscode2session) against the simulator', () => {
  const db = useTestDatabase();
  const config = { appId: 'wx0123456789abcdef', secret: 'f'.repeat(32) };
  let simulator: WechatApiSimulator;
  let client: MiniProgramClient;

  beforeAll(async () => {
    simulator = await startWechatApiSimulator(config);
    client = createMiniProgramClient({ ...config, apiBaseUrl: simulator.baseUrl }, { connection: db.connection });
  });
  afterAll(() => simulator.close());

  const mintCode = async (body: object = {}) => (await postJson(`${simulator.baseUrl}/__sim/login-code`, body)).json as { code: string; openid: string };
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a WechatApiError'); }, (err: unknown) => err as WechatApiError);

  test('a fresh code gives the openid and a session key; the same name always gives the same openid', async () => {
    const { code, openid } = await mintCode({ name: 'resident-a' });
    const session = await client.code2Session(code);
    expect(session.openid).toBe(openid);
    expect(openid).toMatch(/^o[\w-]{27}$/);
    expect(session.sessionKey).toHaveLength(24);
    expect((await mintCode({ name: 'resident-a' })).openid).toBe(openid);
  });

  test('a code is single use: the second exchange is 40163 wechat_code_used', async () => {
    const { code } = await mintCode();
    await client.code2Session(code);
    const error = await failure(client.code2Session(code));
    expect(error).toBeInstanceOf(WechatApiError);
    expect([error.errcode, error.errorCode]).toEqual([40163, 'wechat_code_used']);
  });

  test('an unknown code and a code older than 5 minutes are 40029 wechat_code_invalid', async () => {
    const unknown = await failure(client.code2Session('not-a-code'));
    expect([unknown.errcode, unknown.errorCode]).toEqual([40029, 'wechat_code_invalid']);
    const { code } = await mintCode();
    await postJson(`${simulator.baseUrl}/__sim/clock`, { advanceMs: 5 * 60_000 + 1000 });
    const expired = await failure(client.code2Session(code));
    expect([expired.errcode, expired.errorCode]).toEqual([40029, 'wechat_code_invalid']);
  });

  test('a wrong secret is 40125, our configuration fault (internal_error), and the message holds no secret', async () => {
    const misconfigured = createMiniProgramClient({ ...config, secret: 'wrong-secret', apiBaseUrl: simulator.baseUrl }, { connection: db.connection });
    const error = await failure(misconfigured.code2Session((await mintCode()).code));
    expect([error.errcode, error.errorCode]).toEqual([40125, 'internal_error']);
    expect(error.message).not.toContain('wrong-secret');
  });

  test('more than 100 exchanges for one user in a minute are 45011 wechat_unavailable', async () => {
    const { code } = await mintCode({ name: 'hammering-user' });
    const errcodes: (number | null)[] = [];
    for (let i = 0; i < 101; i++) errcodes.push(await client.code2Session(code).then(() => 0, (err: WechatApiError) => err.errcode));
    expect(errcodes.slice(0, 2)).toEqual([0, 40163]);
    expect(errcodes[100]).toBe(45011);
  });

  test('WeChat busy (-1) and no answer at all are both wechat_unavailable', async () => {
    await postJson(`${simulator.baseUrl}/__sim/fail-next`, { api: 'jscode2session', errcode: -1, times: 1 });
    const busy = await failure(client.code2Session((await mintCode()).code));
    expect([busy.errcode, busy.errorCode]).toEqual([-1, 'wechat_unavailable']);
    const unreachable = createMiniProgramClient({ ...config, apiBaseUrl: 'http://127.0.0.1:1' }, { connection: db.connection });
    const down = await failure(unreachable.code2Session('any'));
    expect([down.errcode, down.errorCode]).toEqual([null, 'wechat_unavailable']);
  });
});
