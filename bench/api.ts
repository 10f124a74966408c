/**
 * The API's own overhead at 100 connections: the resident's 存折 summary, the home screen's two
 * requests (profile, notices) and the readings list, each against a bare Koa route that does one
 * `findOne` by `_id` on the same database, in one run. Starts a local FerretDB unless MONGODB_URI
 * is set. Prints each route's rps, p50 and p99, then
 *   passbook_rps=… bare_rps=… ratio=… p99_over_p50=…
 * Targets (issue 18, printed, not asserted): ratio ≥ 0.5, p99 ≤ 5 × p50.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type { Db } from 'mongodb';
import { Types } from 'mongoose';
import { createBoundResident, givePoints, newClientReadingId } from '../test/helpers/factories';
import { closedLoopLoad, loadAverage, round, startBenchStack, type LoadResult } from './benchStack';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const duration_ms = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const residentCount = 20;
const readingsPerResident = 20;

async function main(): Promise<void> {
  console.log(`load average at start: ${loadAverage()}`);
  const stack = await startBenchStack('api');
  const { service } = stack;
  const bare = await startBareRoute(service.deps.connection.db!);
  try {
    const residents: Array<{ residentId: string; token: string }> = [];
    for (let i = 0; i < residentCount; i += 1) {
      const { resident, account } = await createBoundResident(service.deps);
      await givePoints(service.deps, resident.residentId, 500 + i);
      for (let r = 0; r < readingsPerResident; r += 1) {
        const body = {
          measure: 'bp',
          clientReadingId: newClientReadingId(),
          measuredAt: new Date(Date.now() - r * 6 * 3_600_000).toISOString(),
          readings: [
            { systolicMmHg: 128 + (r % 9), diastolicMmHg: 82 },
            { systolicMmHg: 126, diastolicMmHg: 80 },
          ],
          arm: 'left',
          timeOfDay: r % 2 ? 'evening' : 'morning',
        };
        const res = await fetch(`${service.url}/api/residents/${resident.residentId}/readings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status !== 201) throw new Error(`seeding a reading: ${res.status} ${await res.text()}`);
      }
      residents.push({ residentId: resident.residentId, token: account.token });
    }
    const resident = (loop: number) => residents[loop % residents.length]!;
    let turn = 0;
    const routes: Array<[string, (loop: number) => { path: string; token?: string }]> = [
      ['bare findOne by _id', (loop) => ({ path: `/bare/${resident(loop).residentId}` })],
      ['passbook summary', (loop) => ({ path: `/api/residents/${resident(loop).residentId}/passbook`, token: resident(loop).token })],
      ['home screen (profile, notices)', (loop) => ({ path: (turn += 1) % 2 ? '/api/me' : `/api/residents/${resident(loop).residentId}/notices`, token: resident(loop).token })],
      ['readings list (7 days)', (loop) => ({ path: `/api/residents/${resident(loop).residentId}/readings?measure=bp&days=7`, token: resident(loop).token })],
    ];
    const results = new Map<string, LoadResult>();
    for (const [name, next] of routes) {
      const result = await closedLoopLoad(name.startsWith('bare') ? bare.url : service.url, connections, duration_ms, next);
      results.set(name, result);
      const ratio = name.startsWith('bare') ? '' : `  ratio to bare ${round(result.requestsPerS / results.get('bare findOne by _id')!.requestsPerS, 3)}`;
      console.log(`${name.padEnd(32)} ${round(result.requestsPerS)} req/s  p50 ${round(result.p50_ms)} ms  p99 ${round(result.p99_ms)} ms  errors ${result.errors}${ratio}`);
    }
    const passbook = results.get('passbook summary')!;
    const bareResult = results.get('bare findOne by _id')!;
    console.log(`targets: passbook ratio ≥ 0.5, p99 ≤ 5 × p50 (${connections} connections; load average now ${loadAverage()})`);
    console.log(
      `passbook_rps=${round(passbook.requestsPerS)} bare_rps=${round(bareResult.requestsPerS)} ratio=${round(passbook.requestsPerS / bareResult.requestsPerS, 3)} p99_over_p50=${round(passbook.p99_ms / passbook.p50_ms, 2)}`,
    );
  } finally {
    await new Promise((resolve) => bare.server.close(resolve));
    await stack.stop();
  }
}

/** The baseline: Koa with one route, one findOne by _id on the same database and driver. */
async function startBareRoute(db: Db): Promise<{ url: string; server: Server }> {
  const app = new Koa();
  const residents = db.collection('residents');
  app.use(async (ctx) => {
    const match = /^\/bare\/([0-9a-f]{24})$/.exec(ctx.path);
    if (!match?.[1]) return;
    ctx.body = { data: await residents.findOne({ _id: new Types.ObjectId(match[1]) }, { projection: { name: 1 } }) };
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
