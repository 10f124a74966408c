import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { ledgerReconciler } from '../../../server/ledger';
import { startStoppableEngine, type StoppableEngine } from '../../helpers/engine';
import { createBoundResident, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The database stops for 10 s while residents keep logging readings and reading their records
 * (issue 19). While it is down every request answers a clean 503 `service_unavailable` with
 * Retry-After — never a 500, never a dropped connection; when it is back the service recovers by
 * itself; and once the clients retry what was refused, every reading exists exactly once with
 * exactly one domain event and the points ledger reconciles: nothing half-written remains.
 */
const OUTAGE_MS = 10_000;
const CLIENTS = 6;

interface Outcome {
  kind: 'log' | 'read';
  status: number | 'network_error';
  code?: string;
  retryAfter?: string | null;
  at: number;
  ms: number;
}

describe('the database stopped for 10 s under load', () => {
  let engine: StoppableEngine;
  let stack: TestStack;
  beforeAll(async () => {
    engine = await startStoppableEngine();
    stack = await startTestStack({ mongodbUri: engine.uri, env: { RATE_LIMIT_PER_MINUTE: '1000000', MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500', LOG_LEVEL: 'silent' } });
  }, 120_000);
  afterAll(async () => {
    await engine.start();
    await stack.stop();
    await engine.close();
  }, 60_000);

  test('clean 503s with Retry-After while it is down, recovery without a restart, no partial writes after retries', async () => {
    const residents = await Promise.all(Array.from({ length: CLIENTS }, () => createBoundResident(stack)));
    const outcomes: Outcome[] = [];
    const refused: Array<{ token: string; residentId: string; body: object }> = [];
    const started = Date.now();
    let running = true;

    const call = async (kind: Outcome['kind'], token: string, path: string, body?: object): Promise<Outcome> => {
      const at = Date.now() - started;
      try {
        const res = await fetch(`${stack.url}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const json = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
        return { kind, status: res.status, code: json?.error?.code, retryAfter: res.headers.get('retry-after'), at, ms: Date.now() - started - at };
      } catch {
        return { kind, status: 'network_error', at, ms: Date.now() - started - at };
      }
    };
    const client = async ({ resident, account }: Awaited<ReturnType<typeof createBoundResident>>) => {
      while (running) {
        const body = { measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), readings: [{ systolicMmHg: 128, diastolicMmHg: 82 }, { systolicMmHg: 126, diastolicMmHg: 80 }], arm: 'left', timeOfDay: 'morning' };
        const logged = await call('log', account.token, `/api/residents/${resident.residentId}/readings`, body);
        outcomes.push(logged);
        if (logged.status !== 201) refused.push({ token: account.token, residentId: resident.residentId, body });
        outcomes.push(await call('read', account.token, `/api/residents/${resident.residentId}/passbook`));
      }
    };

    const load = Promise.all(residents.map(client));
    await sleep(3000);
    const stoppedAt = Date.now() - started;
    await engine.stop();
    await sleep(OUTAGE_MS - (Date.now() - started - stoppedAt));
    const restartedAt = Date.now() - started;
    await engine.start();
    const upAt = Date.now() - started;
    // Keep the load on until it has succeeded for 3 s after the engine is back.
    let recoveredAt: number | undefined;
    while (recoveredAt === undefined || Date.now() - started < recoveredAt + 3000) {
      recoveredAt ??= outcomes.find((o) => o.at >= upAt && o.status !== 'network_error' && o.status < 300)?.at;
      if (Date.now() - started > upAt + 30_000) break;
      await sleep(100);
    }
    running = false;
    await load;

    // The clients retry what was refused, with the same clientReadingId, as the app's offline queue does.
    const deps = stack.service.deps;
    const readingsBeforeRetry = await deps.models.Reading.countDocuments({});
    const eventsBeforeRetry = await deps.models.DomainEvent.countDocuments({ type: 'homeReadingLogged' });
    for (const r of refused) {
      const retried = await call('log', r.token, `/api/residents/${r.residentId}/readings`, r.body);
      expect([200, 201]).toContain(retried.status);
    }

    const byStatus = new Map<string, number>();
    for (const o of outcomes) byStatus.set(String(o.status), (byStatus.get(String(o.status)) ?? 0) + 1);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const slowest503 = Math.max(0, ...unavailable.map((o) => o.ms));
    const readings = await deps.models.Reading.find({}, { clientReadingId: 1 }).lean();
    const events = await deps.models.DomainEvent.find({ type: 'homeReadingLogged' }, { eventId: 1 }).lean();
    const eventIds = new Set(events.map((e) => e.eventId));
    const readingsWithoutEvent = readings.filter((r) => !eventIds.has(`reading:${String(r._id)}`)).length;
    const attempted = outcomes.filter((o) => o.kind === 'log').length;
    console.log(
      [
        `database outage: ${attempted} readings and ${outcomes.length - attempted} reads in ${((Date.now() - started) / 1000).toFixed(1)} s from ${CLIENTS} clients`,
        `engine stopped at ${(stoppedAt / 1000).toFixed(1)} s, restarted at ${(restartedAt / 1000).toFixed(1)} s (down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s), accepting again at ${(upAt / 1000).toFixed(1)} s`,
        `answers by status: ${[...byStatus].map(([s, n]) => `${s}×${n}`).join(', ')}`,
        `503s: ${unavailable.length}, all with Retry-After: ${unavailable.every((o) => Number(o.retryAfter) > 0)}, slowest ${slowest503} ms`,
        `first success after the restart: ${recoveredAt === undefined ? 'none' : `${((recoveredAt - upAt) / 1000).toFixed(2)} s after the engine accepted again`}`,
        `refused readings retried: ${refused.length}; readings ${readingsBeforeRetry} → ${readings.length}, reading events ${eventsBeforeRetry} → ${events.length}, readings without their event after retries: ${readingsWithoutEvent}`,
      ].join('\n  '),
    );

    // Clean: nothing but successes and 503s, every 503 the same error with a Retry-After, nothing dropped.
    expect([...byStatus.keys()].filter((s) => !['200', '201', '503'].includes(s))).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const o of unavailable) {
      expect(o.code).toBe('service_unavailable');
      expect(Number(o.retryAfter)).toBeGreaterThan(0);
    }
    // Recovered by itself.
    expect(recoveredAt).toBeDefined();
    // No partial writes: one reading per clientReadingId, each with exactly one event.
    const clientIds = readings.map((r) => r.clientReadingId);
    expect(new Set(clientIds).size).toBe(clientIds.length);
    expect(readings.length).toBe(attempted);
    expect(readingsWithoutEvent).toBe(0);
    expect(events.length).toBe(readings.length);
    // The points that follow from them, and the ledger replays clean.
    while ((await pointsEventConsumer(deps, { batchSize: 500 })).consumed > 0);
    expect(await ledgerReconciler(deps)).toEqual([]);
  }, 180_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
