import { startWechatApiSimulator, type SimulatedApi, type WechatApiSimulator } from '../../../server/dev/simulators/wechatApi';
import { accessTokenCollectionName, accessTokenLeaseCollectionName } from '../../../server/wechat/accessTokenCache';
import { createMiniProgramClient } from '../../../server/wechat/miniProgramClient';
import { useTestDatabase } from '../../helpers/db';
import { getJson, postJson } from './notifyCapture';

describe('access token shared by service instances through MongoDB', () => {
  const db = useTestDatabase();
  const config = { appId: 'wxaccesstoken0001', secret: 'a'.repeat(32) };
  let simulator: WechatApiSimulator;

  beforeAll(async () => {
    simulator = await startWechatApiSimulator(config);
  });
  afterAll(() => simulator.close());
  beforeEach(async () => {
    await db.connection.collection(accessTokenCollectionName).deleteMany({});
  });

  const instance = () => createMiniProgramClient({ ...config, apiBaseUrl: simulator.baseUrl }, { connection: db.connection });
  const calls = async () => (await getJson<{ calls: Record<SimulatedApi, number> }>(`${simulator.baseUrl}/__sim/stats`)).calls;
  const grant = (openid: string, templateId: string) => postJson(`${simulator.baseUrl}/__sim/subscriptions`, { openid, templateId, count: 5 });
  const message = (openid: string) => ({ openid, templateId: 'TPL_FOLLOWUP', page: 'pages/index/index', data: { thing1: { value: '随访提醒' } } });

  test('five instances asking at once share one token fetched by a single refresh', async () => {
    const before = await calls();
    const instances = Array.from({ length: 5 }, instance);
    const tokens = await Promise.all(instances.flatMap((client) => [client.getAccessToken(), client.getAccessToken()]));
    expect(new Set(tokens).size).toBe(1);
    expect((await calls()).stable_token - before.stable_token).toBe(1);
    await instance().getAccessToken();
    expect((await calls()).stable_token - before.stable_token).toBe(1);
  });

  test('a lease left by a crashed refresher expires and another instance takes over', async () => {
    await db.connection.collection(accessTokenLeaseCollectionName).insertOne({ _id: config.appId as never, leaseId: 'crashed', expiresAt: new Date(Date.now() - 1) });
    expect(await instance().getAccessToken()).toEqual(expect.any(String));
    expect(await db.connection.collection(accessTokenLeaseCollectionName).countDocuments({})).toBe(0);
  });

  test('a token within 5 minutes of expiry is refreshed before use', async () => {
    const client = instance();
    await client.getAccessToken();
    const before = await calls();
    await db.connection.collection(accessTokenCollectionName).updateOne({ _id: config.appId as never }, { $set: { expiresAt: new Date(Date.now() + 4 * 60_000) } });
    await client.getAccessToken();
    expect((await calls()).stable_token - before.stable_token).toBe(1);
    const doc = await db.connection.collection(accessTokenCollectionName).findOne({ _id: config.appId as never });
    expect((doc?.expiresAt as Date).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(await db.connection.collection(accessTokenLeaseCollectionName).countDocuments({})).toBe(0);
  });

  test.each([40001, 42001])('a token rejected with %i is refreshed once and the call retried once', async (errcode) => {
    const openid = `o-refresh-${errcode}`;
    await grant(openid, 'TPL_FOLLOWUP');
    const [a, b] = [instance(), instance()];
    const oldToken = await a.getAccessToken();
    await postJson(`${simulator.baseUrl}/__sim/expire-tokens`, { errcode });
    const before = await calls();
    expect(await Promise.all([a.sendSubscribeMessage(message(openid)), b.sendSubscribeMessage(message(openid))])).toEqual([
      expect.objectContaining({ outcome: 'sent' }),
      expect.objectContaining({ outcome: 'sent' }),
    ]);
    const after = await calls();
    expect(after.stable_token - before.stable_token).toBe(1);
    expect(after.subscribe_send - before.subscribe_send).toBe(4);
    expect(await a.getAccessToken()).not.toBe(oldToken);
  });

  test('a token rejected again after the refresh is not retried a second time', async () => {
    const openid = 'o-rejected-twice';
    await grant(openid, 'TPL_FOLLOWUP');
    const client = instance();
    await client.getAccessToken();
    await postJson(`${simulator.baseUrl}/__sim/fail-next`, { api: 'subscribe_send', errcode: 40001, times: 2 });
    const before = await calls();
    expect(await client.sendSubscribeMessage(message(openid))).toEqual({ outcome: 'retryable', errcode: 40001 });
    expect((await calls()).subscribe_send - before.subscribe_send).toBe(2);
  });
});
