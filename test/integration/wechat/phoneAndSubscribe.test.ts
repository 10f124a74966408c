import { startWechatApiSimulator, type WechatApiSimulator } from '../../../server/dev/simulators/wechatApi';
import { createMiniProgramClient, type MiniProgramClient } from '../../../server/wechat/miniProgramClient';
import { WechatApiError } from '../../../server/wechat/wechatApiError';
import { useTestDatabase } from '../../helpers/db';
import { getJson, postJson } from './notifyCapture';

describe('phone number and subscribe messages against the simulator', () => {
  const db = useTestDatabase();
  const config = { appId: 'wxphonesubscribe1', secret: 'b'.repeat(32) };
  let simulator: WechatApiSimulator;
  let client: MiniProgramClient;

  beforeAll(async () => {
    simulator = await startWechatApiSimulator(config);
    client = createMiniProgramClient({ ...config, apiBaseUrl: simulator.baseUrl }, { connection: db.connection });
  });
  afterAll(() => simulator.close());

  const sim = (path: string, body: object) => postJson(`${simulator.baseUrl}/__sim/${path}`, body);
  const reminder = (openid: string) => ({ openid, templateId: 'TPL_BP_REMINDER', page: 'pages/readings/index', data: { thing1: { value: '请测量血压' }, time2: { value: '2024-05-20 08:00' } } });

  test('a phone code gives the number once; reusing it is 40029', async () => {
    const { code } = (await sim('phone-code', { phoneNumber: '13800138000' })).json as { code: string };
    expect(await client.getPhoneNumber(code)).toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' });
    const reused = await client.getPhoneNumber(code).catch((err: WechatApiError) => err);
    expect(reused).toBeInstanceOf(WechatApiError);
    expect((reused as WechatApiError).errcode).toBe(40029);
  });

  test('without a granted subscription the send is not_subscribed (43101), never retryable', async () => {
    expect(await client.sendSubscribeMessage(reminder('o-never-subscribed'))).toEqual({ outcome: 'not_subscribed' });
  });

  test('a grant allows exactly one message, which the simulator records as sent', async () => {
    const openid = 'o-granted-once';
    await sim('subscriptions', { openid, templateId: 'TPL_BP_REMINDER' });
    expect(await client.sendSubscribeMessage(reminder(openid))).toEqual({ outcome: 'sent', msgid: expect.any(Number) });
    expect(await client.sendSubscribeMessage(reminder(openid))).toEqual({ outcome: 'not_subscribed' });
    const { messages } = await getJson<{ messages: { touser: string; template_id: string; page: string; data: unknown; errcode: number }[] }>(`${simulator.baseUrl}/__sim/messages`);
    const mine = messages.filter((m) => m.touser === openid);
    expect(mine.map((m) => m.errcode)).toEqual([0, 43101]);
    expect(mine[0]).toMatchObject({ template_id: 'TPL_BP_REMINDER', page: 'pages/readings/index', data: reminder(openid).data });
  });

  test('injected failures are retryable with their errcode and do not consume the grant', async () => {
    const openid = 'o-busy-wechat';
    await sim('subscriptions', { openid, templateId: 'TPL_BP_REMINDER' });
    await sim('fail-next', { api: 'subscribe_send', errcode: -1, times: 2 });
    expect(await client.sendSubscribeMessage(reminder(openid))).toEqual({ outcome: 'retryable', errcode: -1 });
    expect(await client.sendSubscribeMessage(reminder(openid))).toEqual({ outcome: 'retryable', errcode: -1 });
    expect(await client.sendSubscribeMessage(reminder(openid))).toEqual({ outcome: 'sent', msgid: expect.any(Number) });
  });

  test('WeChat unreachable makes a send retryable without an errcode', async () => {
    const unreachable = createMiniProgramClient({ ...config, apiBaseUrl: 'http://127.0.0.1:1' }, { connection: db.connection });
    expect(await unreachable.sendSubscribeMessage(reminder('o-any'))).toEqual({ outcome: 'retryable', errcode: null });
  });
});
