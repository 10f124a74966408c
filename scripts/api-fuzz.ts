/**
 * `npm test` step "api fuzz": Schemathesis over /api/openapi.json with every check (`--checks all`)
 * and every phase, as a resident, a family doctor, a pharmacy cashier and an administrator, against
 * a real service with the WeChat simulators and the demo seed. It passes only with no failure at
 * all: no server error, no response outside the document (status, content type, headers, schema),
 * no disagreement between the document and the server's validation. It prints what it ran and every
 * failure with a request to reproduce it.
 *
 * Schemathesis comes from PyPI into the git-ignored .venv/: `.ci/run` installs the version pinned in
 * test/api-fuzz/requirements.txt. Without it the step fails in CI (CI set) and, elsewhere, says loudly
 * that it tested nothing.
 *
 *   npx tsx scripts/api-fuzz.ts                        # every role, the CI budget
 *   npx tsx scripts/api-fuzz.ts doctor                 # one role
 *   API_FUZZ_EXAMPLES=50 npx tsx scripts/api-fuzz.ts   # a deeper run (API_FUZZ_SEED to vary it)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const hooks = join(root, 'test/api-fuzz/hooks.py');
const reportRoot = join(root, '.tmp/api-fuzz');
const examplesPerOperation = process.env.API_FUZZ_EXAMPLES ?? '10';
const seed = process.env.API_FUZZ_SEED ?? '19';

/** Operations that end the caller's own session or account: run last, by a resident of their own. */
const selfEnding = ['me.revokeSession', 'me.revokeAllSessions', 'consents.decide', 'consents.withdraw'];

/**
 * Each caller fuzzes the operations of its part of the product (operation ids by prefix); together
 * they cover the whole document. Refusals across roles are the authorization matrix's job
 * (test/integration/authz/matrix.test.ts), so sending every role everything would only repeat the
 * same validation cases four times over the budget.
 */
const operationsOf = {
  resident: '^(residents|readings|records|me|consents|identity|proxies|passbook|auth|pointsPolicy|health|dev)\\.',
  doctor: '^(staff|records)\\.',
  cashier: '^(pharmacies|checkouts|cashier|settlements|payments)\\.',
  admin: '^(admin|settlements|integration|pointsPolicy|pharmacies\\.profile)',
};

interface Role {
  name: string;
  token: string;
  /** Path parameters pinned to the caller's own resources, so requests reach the code behind authorization. */
  parameters: Record<string, string>;
  operations: { includeRegex?: string; include?: string[]; exclude?: string[] };
  /** Phases other than all four (a run without links has no stateful phase). */
  phases?: string;
}

async function main(): Promise<number> {
  if (!existsSync(st)) {
    const why = `Schemathesis is not installed at ${st} (\`.ci/run\` installs it: python3 -m venv .venv && .venv/bin/pip install -r test/api-fuzz/requirements.txt)`;
    if (process.env.CI) {
      console.error(`api fuzz: FAILED — ${why}`);
      return 1;
    }
    console.warn(`\n!!! api fuzz: SKIPPED — ${why}\n!!! This step tested nothing.\n`);
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
      // Server errors are printed with their stack, so a failure names its line.
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

    rmSync(reportRoot, { recursive: true, force: true });
    const results: RunResult[] = [];
    for (const role of roles) results.push(await runSchemathesis(service.url, role));
    return summarize(results);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
  }
}

async function demoRoles(deps: AppDeps): Promise<Role[]> {
  const resident = await deps.models.Resident.findOne({ name: demoResidents[0].name }).lean();
  const other = await deps.models.Resident.findOne({ name: demoResidents[1].name }).lean();
  if (!resident || !other) throw new Error('the demo seed wrote no residents');
  const staff = async (role: string) => {
    const account = await deps.models.Account.findOne({ roles: role }).lean();
    if (!account) throw new Error(`the demo seed wrote no ${role} account`);
    return account._id;
  };
  const session = async (accountId: Types.ObjectId) => (await sessionCreator(deps, { accountId, userAgent: 'schemathesis' })).token;
  const residentId = String(resident._id);
  return [
    { name: 'resident', token: await session(await boundAccount(deps, resident._id)), parameters: { 'path.residentId': residentId }, operations: { includeRegex: operationsOf.resident, exclude: selfEnding } },
    { name: 'doctor', token: await session(await staff('doctor')), parameters: { 'path.residentId': residentId }, operations: { includeRegex: operationsOf.doctor } },
    { name: 'cashier', token: await session(await staff('cashier')), parameters: { 'path.pharmacyId': demoPharmacyId }, operations: { includeRegex: operationsOf.cashier } },
    { name: 'admin', token: await session(await staff('admin')), parameters: { 'path.residentId': residentId }, operations: { includeRegex: operationsOf.admin } },
    {
      name: 'resident-ending',
      token: await session(await boundAccount(deps, other._id)),
      parameters: { 'path.residentId': String(other._id) },
      operations: { include: selfEnding },
      phases: 'examples,coverage,fuzzing',
    },
  ];
}

/** An account bound to the resident with both consents accepted, as binding leaves it. */
async function boundAccount(deps: AppDeps, residentId: Types.ObjectId): Promise<Types.ObjectId> {
  const now = deps.clock.now();
  const accountId = new Types.ObjectId();
  await deps.models.Account.create({ _id: accountId, openid: `fuzz-${String(accountId)}`, roles: [], status: 'active', lastLoginAt: now, residentId, boundAt: now });
  await deps.models.Resident.updateOne({ _id: residentId }, { $set: { accountId, boundAt: now } });
  for (const document of consentDocumentKinds) {
    await deps.models.Consent.create({ accountId, document, version: consentDocuments[document].version, decision: 'accepted', at: now, requestId: 'api-fuzz' });
  }
  return accountId;
}

interface RunResult {
  role: string;
  exitCode: number;
  summary: RunSummary;
}

function runSchemathesis(baseUrl: string, role: Role): Promise<RunResult> {
  const dir = join(reportRoot, role.name);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'schemathesis.toml');
  writeFileSync(
    config,
    [
      `hooks = ${JSON.stringify(hooks)}`,
      '[parameters]',
      ...Object.entries(role.parameters).map(([name, value]) => `${JSON.stringify(name)} = ${JSON.stringify(value)}`),
      '',
    ].join('\n'),
  );
  const filters = [
    ...(role.operations.includeRegex ? ['--include-operation-id-regex', role.operations.includeRegex] : []),
    ...(role.operations.include ?? []).flatMap((id) => ['--include-operation-id', id]),
    ...(role.operations.exclude ?? []).flatMap((id) => ['--exclude-operation-id', id]),
    ...(role.phases ? ['--phases', role.phases] : []),
  ];
  const args = [
    '--config-file', config,
    'run', `${baseUrl}/api/openapi.json`,
    '--checks', 'all',
    '-H', `Authorization: Bearer ${role.token}`,
    '--max-examples', examplesPerOperation,
    '--seed', seed,
    // One worker: Hypothesis' strategy descriptions are not thread-safe (AST recursion errors).
    '--workers', '1',
    '--no-color',
    '--report', 'ndjson',
    '--report-dir', dir,
    ...filters,
  ];
  console.log(`\n--- schemathesis as ${role.name}: ${examplesPerOperation} examples per operation, seed ${seed}`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(st, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const summary = summarizeReport(dir);
      // The full text report only when something failed: the figures below say the rest.
      if (code !== 0) process.stdout.write(output);
      resolveRun({ role: role.name, exitCode: code ?? 1, summary });
    });
  });
}

interface RunSummary {
  operations: number;
  /** The operations test cases were sent to ("POST /api/…"). */
  labels: Set<string>;
  cases: number;
  failures: Map<string, number>;
  errors: number;
  seconds: number;
}

/** Figures from Schemathesis' NDJSON event stream: operations, test cases sent, failures by check. */
function summarizeReport(dir: string): RunSummary {
  const summary: RunSummary = { operations: 0, labels: new Set(), cases: 0, failures: new Map(), errors: 0, seconds: 0 };
  const file = readdirSync(dir).find((name) => name.endsWith('.ndjson'));
  if (!file) return summary;
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    const loaded = event.LoadingFinished as { statistic?: { operations?: { selected?: number } } } | undefined;
    if (loaded) summary.operations = loaded.statistic?.operations?.selected ?? 0;
    const finished = event.EngineFinished as { running_time?: number } | undefined;
    if (finished) summary.seconds = Math.round(finished.running_time ?? 0);
    if (event.NonFatalError || event.FatalError) summary.errors += 1;
    const scenario = event.ScenarioFinished as { recorder?: { label?: string; checks?: Record<string, Array<{ name: string; status: string }>> } } | undefined;
    if (scenario?.recorder?.label && Object.keys(scenario.recorder.checks ?? {}).length > 0) summary.labels.add(scenario.recorder.label);
    for (const checks of Object.values(scenario?.recorder?.checks ?? {})) {
      summary.cases += 1;
      for (const check of checks) if (check.status === 'failure') summary.failures.set(check.name, (summary.failures.get(check.name) ?? 0) + 1);
    }
  }
  return summary;
}

function summarize(results: RunResult[]): number {
  console.log('\napi fuzz summary (operations selected, test cases sent, failed checks, errors):');
  for (const { role, exitCode, summary } of results) {
    const failures = [...summary.failures].map(([name, count]) => `${name} ×${count}`).join(', ') || 'none';
    console.log(`  ${exitCode === 0 ? 'ok  ' : 'FAIL'} ${role.padEnd(16)} ${String(summary.operations).padStart(3)} operations  ${String(summary.cases).padStart(5)} cases  ${summary.seconds}s  failures: ${failures}  errors: ${summary.errors}`);
  }
  const total = results.reduce((sum, r) => sum + r.summary.cases, 0);
  const seconds = results.reduce((sum, r) => sum + r.summary.seconds, 0);
  // Stateful scenarios are labelled by their first step only, so count the operations of the other phases.
  const operations = new Set(results.flatMap((r) => [...r.summary.labels].filter((label) => /^[A-Z]+ \//.test(label))));
  const failed = results.filter((r) => r.exitCode !== 0).length;
  console.log(`api fuzz: ${operations.size} operations, ${total} test cases as ${results.length} callers in ${seconds}s, ${failed === 0 ? 'no failures' : `${failed} runs failed`}`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
