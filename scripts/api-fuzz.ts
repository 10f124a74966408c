/**
 * `npm test` step "api fuzz": Schemathesis over /api/openapi.json with every check, as a resident,
 * a doctor, a cashier and an administrator, against a real service with the WeChat simulators and
 * the demo seed. Passes only with zero server errors and zero schema non-conformance.
 *
 * Schemathesis comes from PyPI into the git-ignored .venv/ (`.ci/run` installs the pinned version).
 * Without it: in CI (CI set) the step fails; elsewhere it says loudly that it was skipped, and why.
 *
 *   npx tsx scripts/api-fuzz.ts                 # every role, the CI budget
 *   npx tsx scripts/api-fuzz.ts resident        # one role
 *   API_FUZZ_EXAMPLES=50 npx tsx scripts/api-fuzz.ts   # a deeper run
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Types } from 'mongoose';
import { loadConfig } from '../config/service';
import { sessionCreator } from '../server/auth/sessions';
import type { AppDeps } from '../server/deps';
import { startLocalMongo, type LocalMongo } from '../server/dev/localMongo';
import { localServiceEnv } from '../server/dev/localEnv';
import { demoPharmacyId, demoResidents, seedDemoData } from '../server/dev/seed';
import { startWechatSimulators } from '../server/dev/simulators';
import { consentDocumentKinds, consentDocuments } from '../server/identity/consentDocuments';
import { startService } from '../server/service';

const root = resolve(__dirname, '..');
const st = join(root, '.venv/bin/st');
const reportDir = join(root, '.tmp/api-fuzz');

interface Role {
  name: string;
  token: string;
  /** Path parameters pinned to the caller's own resources, so requests reach the code behind authorization. */
  parameters: Record<string, string>;
}

async function main(): Promise<number> {
  if (!existsSync(st)) {
    const why = `Schemathesis is not installed at ${st} (\`.ci/run\` installs it: python3 -m venv .venv && .venv/bin/pip install -r .ci/requirements.txt)`;
    if (process.env.CI) {
      console.error(`api fuzz: FAILED — ${why}`);
      return 1;
    }
    console.warn(`\n!!! api fuzz: SKIPPED — ${why}\n!!! This step did not test anything.\n`);
    return 0;
  }
  const only = process.argv.slice(2);
  const stops: Array<() => Promise<void>> = [];
  try {
    let mongo: LocalMongo | undefined;
    const mongodbUri = process.env.MONGODB_URI ?? (mongo = await startLocalMongo({ dataDir: mkdtempSync(join(tmpdir(), 'passbook-fuzz-db-')) })).uri;
    if (mongo) stops.push(mongo.stop);
    const simulators = await startWechatSimulators();
    stops.push(simulators.close);
    const env = {
      ...localServiceEnv({ nodeEnv: 'test', mongodbUri, mongodbDb: `fuzz_${Date.now().toString(36)}`, port: 0, simulatorEnv: simulators.env }),
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const service = await startService(loadConfig(env));
    stops.push(async () => {
      await service.deps.connection.dropDatabase();
      await service.stop();
    });
    await seedDemoData(service.deps);
    const roles = (await demoRoles(service.deps)).filter((role) => only.length === 0 || only.includes(role.name));

    rmSync(reportDir, { recursive: true, force: true });
    mkdirSync(reportDir, { recursive: true });
    const results: RunResult[] = [];
    for (const role of roles) results.push(await runSchemathesis(service.url, role));
    return summarize(results);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
  }
}

async function demoRoles(deps: AppDeps): Promise<Role[]> {
  const resident = await deps.models.Resident.findOne({ name: demoResidents[0].name }).lean();
  if (!resident) throw new Error('demo seed wrote no resident');
  const residentId = String(resident._id);
  const residentAccount = await accountWithConsents(deps, { residentId: resident._id });
  const staff = async (roles: string[]) => {
    const account = await deps.models.Account.findOne({ roles: { $all: roles } }).lean();
    if (!account) throw new Error(`demo seed wrote no ${roles.join('+')} account`);
    return account._id;
  };
  const session = async (accountId: Types.ObjectId) => (await sessionCreator(deps, { accountId, userAgent: 'schemathesis' })).token;
  return [
    { name: 'resident', token: await session(residentAccount), parameters: { 'path.residentId': residentId } },
    { name: 'doctor', token: await session(await staff(['doctor'])), parameters: { 'path.residentId': residentId } },
    { name: 'cashier', token: await session(await staff(['cashier'])), parameters: { 'path.pharmacyId': demoPharmacyId } },
    { name: 'admin', token: await session(await staff(['admin'])), parameters: { 'path.pharmacyId': demoPharmacyId } },
  ];
}

async function accountWithConsents(deps: AppDeps, input: { residentId: Types.ObjectId }): Promise<Types.ObjectId> {
  const now = deps.clock.now();
  const accountId = new Types.ObjectId();
  await deps.models.Account.create({ _id: accountId, openid: `fuzz-${String(accountId)}`, roles: [], status: 'active', lastLoginAt: now, residentId: input.residentId, boundAt: now });
  await deps.models.Resident.updateOne({ _id: input.residentId }, { $set: { accountId, boundAt: now } });
  for (const document of consentDocumentKinds) {
    await deps.models.Consent.create({ accountId, document, version: consentDocuments[document].version, decision: 'accepted', at: now, requestId: 'api-fuzz' });
  }
  return accountId;
}

interface RunResult {
  role: string;
  exitCode: number;
  output: string;
}

function runSchemathesis(baseUrl: string, role: Role): Promise<RunResult> {
  const dir = join(reportDir, role.name);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'schemathesis.toml');
  writeFileSync(config, ['[parameters]', ...Object.entries(role.parameters).map(([k, v]) => `"${k}" = "${v}"`), ''].join('\n'));
  const args = [
    '--config-file', config,
    'run', `${baseUrl}/api/openapi.json`,
    '--checks', 'all',
    '-H', `Authorization: Bearer ${role.token}`,
    '--max-examples', process.env.API_FUZZ_EXAMPLES ?? '10',
    '--seed', process.env.API_FUZZ_SEED ?? '19',
    '--workers', '2',
    '--no-color',
    '--report', 'junit,ndjson',
    '--report-dir', dir,
  ];
  console.log(`\n--- schemathesis as ${role.name}`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(st, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ role: role.name, exitCode: code ?? 1, output }));
  });
}

function summarize(results: RunResult[]): number {
  console.log('\napi fuzz summary:');
  for (const r of results) console.log(`  ${r.exitCode === 0 ? 'ok  ' : 'FAIL'} ${r.role}`);
  void readFileSync;
  return results.every((r) => r.exitCode === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
