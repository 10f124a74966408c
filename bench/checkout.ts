/**
 * Pharmacy checkouts end to end through the HTTP API, and the WeChat Pay notify acknowledgement
 * latency under that load. Starts a local FerretDB (unless MONGODB_URI is set), the WeChat
 * simulators and one service instance. Each worker loops: 出示码 → cashier creates the checkout →
 * resident confirms (points held) → WeChat JSAPI order → the simulator marks it paid → a signed,
 * encrypted TRANSACTION.SUCCESS callback is posted to notify_url (timed: that is the ack latency)
 * → wait until the checkout is completed (hold captured). Ends with
 *   checkouts_per_s=<n> notify_ack_p99_ms=<n>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/service';
import { freeLoopbackPort, startLocalMongo, type LocalMongo } from '../server/dev/localMongo';
import { localServiceEnv } from '../server/dev/localEnv';
import { startWechatSimulators } from '../server/dev/simulators';
import { encryptResource, platformSignatureHeaders } from '../server/dev/simulators/wechatPaySigning';
import { startService } from '../server/service';
import { createAccount, createBoundResident, createPharmacy, givePoints } from '../test/helpers/factories';

const duration_ms = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
const bill = { totalFen: 1000, selfPaidFen: 600, eligibleSelfPaidFen: 200 }; // 10 points, 500 fen by WeChat Pay

async function main(): Promise<void> {
  let local: LocalMongo | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = mkdtempSync(join(tmpdir(), 'passbook-bench-checkout-'));
    local = await startLocalMongo({ dataDir, log: (line) => console.log(line) });
    uri = local.uri;
  }
  const simulators = await startWechatSimulators();
  const env = {
    ...localServiceEnv({ nodeEnv: 'test', mongodbUri: uri, mongodbDb: `bench_checkout_${Date.now().toString(36)}`, port: await freeLoopbackPort(), simulatorEnv: simulators.env }),
    JOBS_ENABLED: '0',
    RATE_LIMIT_PER_MINUTE: '10000000',
  };
  const service = await startService(loadConfig(env));
  const deps = service.deps;
  try {
    const { pharmacyId } = await createPharmacy(deps);
    const cashier = await createAccount(deps, { roles: ['cashier'], staff: { pharmacyId } });
    // Each worker rotates over residents: the monthly cap (500 points) allows 50 checkouts of 10 points each.
    const residents: Array<{ residentId: string; token: string }> = [];
    const residentsPerWorker = 4;
    for (let i = 0; i < concurrency * residentsPerWorker; i++) {
      const { resident, account } = await createBoundResident(deps);
      await givePoints(deps, resident.residentId, 1000);
      residents.push({ residentId: resident.residentId, token: account.token });
    }
    const call = async (token: string, method: 'GET' | 'POST', path: string, body?: object) => {
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as { data?: Record<string, unknown>; error?: { code: string } };
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${json.error?.code}`);
      return json.data!;
    };
    const ackMs: number[] = [];
    let completed = 0;
    let failures = 0;
    const deadline = Date.now() + duration_ms;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        let turn = 0;
        while (Date.now() < deadline) {
          const r = residents[worker * residentsPerWorker + (turn++ % residentsPerWorker)]!;
          try {
            const { code } = (await call(r.token, 'POST', `/api/residents/${r.residentId}/redemption-codes`)) as { code: string };
            const { checkoutId } = (await call(cashier.token, 'POST', `/api/pharmacies/${pharmacyId}/checkouts`, { code, ...bill })) as { checkoutId: string };
            await call(r.token, 'POST', `/api/residents/${r.residentId}/checkouts/${checkoutId}/confirm`, {});
            const pay = (await call(r.token, 'POST', `/api/residents/${r.residentId}/checkouts/${checkoutId}/wechat-payment`)) as { amountFen: number };
            const sim = await fetch(`${simulators.wechatPayBaseUrl}/__sim/pay/orders/${checkoutId}/succeed`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ notification: 'never' }),
            });
            const { transaction_id: transactionId } = (await sim.json()) as { transaction_id: string };
            const body = JSON.stringify({
              id: randomUUID(),
              create_time: new Date().toISOString(),
              resource_type: 'encrypt-resource',
              event_type: 'TRANSACTION.SUCCESS',
              summary: '支付成功',
              resource: {
                original_type: 'transaction',
                ...encryptResource(
                  JSON.stringify({ mchid: simulators.setup.mchId, out_trade_no: checkoutId, transaction_id: transactionId, trade_state: 'SUCCESS', amount: { total: pay.amountFen, payer_total: pay.amountFen, currency: 'CNY' } }),
                  simulators.setup.apiV3Key,
                  'transaction',
                ),
              },
            });
            const t0 = performance.now();
            const ack = await fetch(`${service.url}/api/payments/wechat/notify`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...platformSignatureHeaders(body, simulators.setup.platform, Date.now()) },
              body,
            });
            await ack.arrayBuffer();
            ackMs.push(performance.now() - t0);
            if (ack.status !== 200) throw new Error(`notify → ${ack.status}`);
            for (let i = 0; ; i++) {
              const view = (await call(cashier.token, 'GET', `/api/checkouts/${checkoutId}`)) as { checkout: { state: string } };
              if (view.checkout.state === 'completed') break;
              if (i > 200) throw new Error(`checkout ${checkoutId} stuck in ${view.checkout.state}`);
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            completed += 1;
          } catch (err) {
            failures += 1;
            if (failures <= 5) console.error(String(err));
          }
        }
      }),
    );
    const elapsed_s = (Date.now() - started) / 1000;
    ackMs.sort((a, b) => a - b);
    const pct = (p: number) => (ackMs.length === 0 ? 0 : ackMs[Math.min(ackMs.length - 1, Math.ceil((p / 100) * ackMs.length) - 1)]!);
    const checkouts_per_s = completed / elapsed_s;
    console.log(`checkouts completed: ${completed} in ${elapsed_s.toFixed(1)} s with ${concurrency} workers (failures: ${failures})`);
    console.log(`notify ack latency ms: p50=${pct(50).toFixed(1)} p90=${pct(90).toFixed(1)} p99=${pct(99).toFixed(1)} max=${pct(100).toFixed(1)} (n=${ackMs.length}; target p99 ≤ 100)`);
    console.log(`checkouts_per_s=${checkouts_per_s.toFixed(2)} notify_ack_p99_ms=${pct(99).toFixed(1)}`);
  } finally {
    await deps.connection.dropDatabase().catch(() => undefined);
    await service.stop();
    await simulators.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
