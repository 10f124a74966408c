import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { systemClock } from '../../../server/clock';
import { bindModels, syncIndexes } from '../../../server/db/models';
import { ledgerReconciler, type LedgerDeps } from '../../../server/ledger';
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

test('a worker SIGKILLed at random points five times: every operation is whole or absent, nothing lost or doubled', async () => {
  const deps: LedgerDeps = { models: bindModels(db.connection), clock: systemClock };
  await syncIndexes(deps.models);
  const residents = [newResident(), newResident(), newResident()];
  const ids = residents.map((r) => r.toHexString()).join(',');
  for (let run = 1; run <= 5; run += 1) {
    // tsx start-up takes ~1 s; kill somewhere in the following 0.3–2.5 s of work
    await runAndKill(run, ids, 1500 + Math.floor(Math.random() * 2200));
  }
  // An operation is one commit or nothing, so there is nothing to recover: the replay of every
  // wallet from its commits must agree with what each commit says the wallet became.
  const commits = await deps.models.LedgerCommit.countDocuments({});
  console.log(`crash test: ${commits} commits after five kills`);
  expect(await ledgerReconciler(deps)).toEqual([]);
  expect(commits).toBeGreaterThan(20);
}, 120_000);
