import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * WeChat limits a mini-program's main package to 2 MB; our own budget is 1.0 MB so there is room
 * to grow. Sums every file under dist/weapp except the subpackage roots listed in app.json
 * (`subPackages` / `subpackages`), prints the figure and exits 1 when it is over budget.
 * Run after `npm run build:weapp`.
 */
const budgetBytes = 1_048_576;
const distDir = resolve(process.argv[2] ?? 'dist/weapp');

interface AppJson {
  subPackages?: Array<{ root?: string }>;
  subpackages?: Array<{ root?: string }>;
}

function subpackageRoots(): string[] {
  const appJsonPath = join(distDir, 'app.json');
  let appJson: AppJson;
  try {
    appJson = JSON.parse(readFileSync(appJsonPath, 'utf8')) as AppJson;
  } catch (error) {
    console.error(`cannot read ${appJsonPath} — run \`npm run build:weapp\` first (${(error as Error).message})`);
    process.exit(2);
  }
  return [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])]
    .map((pkg) => (pkg.root ?? '').replace(/^\/+|\/+$/g, ''))
    .filter((root) => root !== '');
}

function isInSubpackage(path: string, roots: string[]): boolean {
  const rel = relative(distDir, path).split(sep).join('/');
  return roots.some((root) => rel === root || rel.startsWith(`${root}/`));
}

function sumBytes(dir: string, roots: string[]): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (isInSubpackage(path, roots)) continue;
    if (entry.isDirectory()) total += sumBytes(path, roots);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const roots = subpackageRoots();
const mainBytes = sumBytes(distDir, roots);
const mb = (bytes: number) => (bytes / budgetBytes).toFixed(2);
console.log(`weapp_main_package_bytes=${mainBytes} budget_bytes=${budgetBytes} (${mb(mainBytes)} MB of ${mb(budgetBytes)} MB)`);
if (roots.length > 0) console.log(`excluded subpackages: ${roots.join(', ')}`);
if (mainBytes > budgetBytes) {
  console.error(`main package is over budget by ${mainBytes - budgetBytes} bytes`);
  process.exit(1);
}
