import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Types } from 'mongoose';
import { ledgerReconciler } from '../../../server/ledger';
import { pendingPointsBackfiller, pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { domainEventAppender, recordedDayBackfiller } from '../../../server/records/domainEvents';
import { createResident } from '../../helpers/factories';
import { ledgerLines, walletBalances } from '../../helpers/ledger';
import { startTestStack, type TestStack } from '../../helpers/stack';

const repoRoot = resolve(__dirname, '../../..');

/** Starts a consumer process and SIGKILLs it a moment after its first batch: mid-way through the next one. */
function runAndKillMidBatch(stack: TestStack, owner: string): Promise<{ batches: number }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/passbook/consumerWorker.ts', owner], {
      cwd: repoRoot,
      env: { ...process.env, SERVICE_ENV: JSON.stringify(stack.env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let batches = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      batches += chunk.toString().split('\n').filter(Boolean).length;
      if (batches === 1) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 60));
    });
    // Never hang on a worker that stalls before its first batch.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`worker exited by itself (${code}): ${stderr}`));
      else resolveRun({ batches });
    });
  });
}

describe('points consumption survives a consumer killed mid-batch', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  test('three consumers SIGKILLed mid-batch, then a live one: every event earns exactly once', async () => {
    const deps = stack.service.deps;
    const residents = [(await createResident(stack)).residentId, (await createResident(stack)).residentId];
    const eventIds: string[] = [];
    for (const residentId of residents) {
      for (let i = 0; i < 30; i += 1) {
        const eventId = `kill:${residentId}:${i}`;
        eventIds.push(eventId);
        await domainEventAppender(deps, { eventId, type: 'screeningRecorded', residentId: new Types.ObjectId(residentId), occurredAt: new Date(Date.UTC(2026, 2, 1 + (i % 9), 1, i)), payload: { measures: ['bp'] } });
      }
    }
    for (let run = 1; run <= 3; run += 1) {
      const { batches } = await runAndKillMidBatch(stack, `killed-${run}`);
      expect(batches).toBeGreaterThanOrEqual(1);
    }
    const consumedByKilled = await deps.models.DomainEvent.countDocuments({ eventId: { $in: eventIds }, pointsConsumedAt: { $ne: null } });
    console.log(`consumer kill test: ${consumedByKilled} of ${eventIds.length} events consumed before the live consumer`);
    expect(consumedByKilled).toBeGreaterThan(0);

    // The killed consumers' leases (300 ms) run out; the live consumer takes what they left.
    await new Promise((r) => setTimeout(r, 400));
    while ((await pointsEventConsumer(deps, { owner: 'live' })).consumed > 0);

    const events = await deps.models.DomainEvent.find({ eventId: { $in: eventIds } }).lean();
    expect(events.every((e) => e.pointsConsumedAt instanceof Date && e.pointsPending === undefined)).toBe(true);
    for (const residentId of residents) {
      expect((await ledgerLines(deps, { residentId })).filter((line) => line.type === 'earn')).toHaveLength(30);
      expect((await walletBalances(deps, residentId)).balancePoints).toBe(600);
    }
    expect(await ledgerReconciler(deps, { residentIds: residents.map((id) => new Types.ObjectId(id)) })).toEqual([]);
    // Each event's recorded result is the ledger's one effect: 20 points, the replays marked as such.
    const credited = events.flatMap((e) => (e.pointsResult as Array<{ points: number; duplicate?: boolean }>) ?? []);
    expect(credited.reduce((sum, r) => sum + r.points, 0)).toBe(1200);
  }, 120_000);

  test('events appended before the pending mark and the day bucket existed get both at start-up, once', async () => {
    const deps = stack.service.deps;
    const { residentId } = await createResident(stack);
    await deps.models.DomainEvent.collection.insertOne({ eventId: `legacy:${residentId}`, type: 'hcyTestRecorded', residentId: new Types.ObjectId(residentId), occurredAt: new Date(), payload: {}, recordedAt: new Date() });
    expect(await pendingPointsBackfiller(deps)).toBe(1);
    expect(await pendingPointsBackfiller(deps)).toBe(0);
    expect(await recordedDayBackfiller(deps)).toBe(1);
    expect(await recordedDayBackfiller(deps)).toBe(0);
    await pointsEventConsumer(deps, { owner: 'live' });
    expect((await walletBalances(deps, residentId)).balancePoints).toBe(30);
  });
});
