import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { systemClock } from '../../../server/clock';
import { bindModels, syncIndexes } from '../../../server/db/models';
import { ledgerReconciler, ledgerRecoverer, type LedgerDeps } from '../../../server/ledger';
import { testMongoUri, useTestDatabase } from '../../helpers/db';
import { newResident } from './ledgerHarness';

const db = useTestDatabase();
const repoRoot = resolve(__dirname, '../../..');

/** Runs the worker for a random time, then SIGKILLs it mid-operation. */
function runAndKill(seed: number, residents: string, killAfterMs: number): Promise<{ stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/ledger/crashWorker.ts', String(seed), residents], {
      cwd: repoRoot,
      env: { ...process.env, MONGODB_URI: testMongoUri(), MONGODB_DB: db.name },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`worker exited by itself (${code}): ${stderr}`));
      else resolveRun({ stderr });
    });
  });
}

test('a worker SIGKILLed at random points five times: recovery finishes everything, nothing lost or doubled', async () => {
  const deps: LedgerDeps = { models: bindModels(db.connection), clock: systemClock };
  await syncIndexes(deps.models);
  const residents = [newResident(), newResident(), newResident()];
  const ids = residents.map((r) => r.toHexString()).join(',');
  for (let run = 1; run <= 5; run += 1) {
    // tsx start-up takes ~1 s; kill somewhere in the following 0.3–2.5 s of work
    await runAndKill(run, ids, 1500 + Math.floor(Math.random() * 2200));
  }
  const before = await deps.models.LedgerOperation.countDocuments({ state: 'started' });
  const pending = await deps.models.Wallet.countDocuments({ pendingCount: { $gt: 0 } });
  const report = await ledgerRecoverer(deps, { olderThanMs: 0 });
  expect(report.failures).toEqual([]);
  console.log(`crash test: ${await deps.models.LedgerOperation.countDocuments({})} operations, ${before} left started, ${pending} wallets with pending effects, recovery ${JSON.stringify(report)}`);
  expect(await deps.models.LedgerOperation.countDocuments({ state: 'started' })).toBe(0);
  expect(await ledgerReconciler(deps)).toEqual([]);
  expect(await deps.models.LedgerEntry.countDocuments({})).toBeGreaterThan(20);
}, 120_000);
