/**
 * `npm test`: every check in the order that fails fastest — typecheck, lint, unit, the two builds
 * with the weapp size budget, then integration, the Schemathesis api fuzz and e2e against a real
 * database. Prints one
 * summary line per step and a closing "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
}

// Each jest project writes a JSON report so the closing line can count tests, not just steps.
mkdirSync('.tmp', { recursive: true });
const jestReport = (project: string) => `.tmp/jest-${project}.json`;
const jest = (project: string) => ['npx', 'jest', '--selectProjects', project, '--ci', '--json', `--outputFile=${jestReport(project)}`];
const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', command: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'unit', command: jest('unit') },
  { name: 'build:weapp', command: ['npx', 'taro', 'build', '--type', 'weapp'], env: { NODE_ENV: 'production' } },
  { name: 'size budget (weapp main package)', command: ['npx', 'tsx', 'scripts/check-weapp-size.ts'] },
  { name: 'build:h5', command: ['npx', 'taro', 'build', '--type', 'h5'], env: { NODE_ENV: 'production' } },
  { name: 'integration', command: [...jest('integration'), '--runInBand'] },
  // Schemathesis over /api/openapi.json as four roles (a few minutes); skips loudly without .venv outside CI.
  { name: 'api fuzz', command: ['npx', 'tsx', 'scripts/api-fuzz.ts'] },
  { name: 'e2e', command: [...jest('e2e'), '--runInBand'] },
];

const only = process.argv.slice(2);
for (const project of ['unit', 'integration', 'e2e']) rmSync(jestReport(project), { force: true });
const results: Array<{ name: string; ok: boolean; seconds: number }> = [];
for (const step of steps) {
  if (only.length > 0 && !only.some((name) => step.name.startsWith(name))) continue;
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const started = Date.now();
  const [command, ...args] = step.command;
  const run = spawnSync(command!, args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const ok = run.status === 0;
  results.push({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 100) / 10 });
  console.log(`=== ${step.name}: ${ok ? 'ok' : `FAILED (exit ${run.status ?? run.signal})`} in ${results.at(-1)!.seconds}s`);
}

console.log('\nsummary:');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
const tests = { passed: 0, failed: 0 };
for (const project of ['unit', 'integration', 'e2e']) {
  if (!existsSync(jestReport(project))) continue;
  const report = JSON.parse(readFileSync(jestReport(project), 'utf8')) as { numPassedTests: number; numFailedTests: number };
  tests.passed += report.numPassedTests;
  tests.failed += report.numFailedTests;
}
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
// A failed step that is not a test run (typecheck, lint, a build) still counts as a failure here.
console.log(`tests: ${tests.passed} passed, ${tests.failed + failed} failed`);
process.exit(failed === 0 ? 0 : 1);
