/**
 * `npm start`: the whole product on one machine for a demo or development — the database (unless
 * MONGODB_URI is set), the WeChat simulators, the service with the H5 build at `/`, demo data.
 * Ctrl-C stops everything this started.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/service';
import { startLocalMongo, type LocalMongo } from '../dev/localMongo';
import { localServiceEnv } from '../dev/localEnv';
import { seedDemoData } from '../dev/seed';
import { startWechatSimulators } from '../dev/simulators';
import { startService } from '../service';

const root = resolve(__dirname, '../..');
const dataDir = join(root, '.data');

/** Encryption keys persist in .data/ so data encrypted in one demo run stays readable in the next. */
function persistentDevSecrets(): { dataKeys: string; lookupHmacKey: string } {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { dataKeys: string; lookupHmacKey: string };
  const secrets = { dataKeys: `dev1:${randomBytes(32).toString('base64')}`, lookupHmacKey: randomBytes(32).toString('base64') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

function ensureH5Build(publicDir: string): void {
  if (existsSync(join(publicDir, 'index.html')) && process.env.REBUILD_H5 !== '1') return;
  console.log('building the H5 mini-program (first run only; REBUILD_H5=1 forces it)…');
  const build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('H5 build failed');
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const publicDir = join(root, 'dist/h5');
  ensureH5Build(publicDir);

  const stops: Array<() => Promise<void>> = [];
  let mongo: LocalMongo | undefined;
  const mongodbUri =
    process.env.MONGODB_URI ??
    (mongo = await startLocalMongo({ dataDir: join(dataDir, 'db'), durable: true, log: (line) => console.log(line) })).uri;
  if (mongo) stops.push(mongo.stop);

  const simulators = await startWechatSimulators();
  stops.push(simulators.close);

  const port = Number(process.env.PORT ?? 3000);
  const env = { ...localServiceEnv({ nodeEnv: 'development', mongodbUri, mongodbDb: process.env.MONGODB_DB ?? 'passbook_demo', port, simulatorEnv: simulators.env, publicDir, ...persistentDevSecrets() }), ...pick(process.env, ['LOG_LEVEL']) };
  const config = loadConfig(env);
  const service = await startService(config);
  stops.push(service.stop);
  const demo = await seedDemoData(service.deps);

  console.log(`
居民健康存折 is running
  mini-program (H5):   ${service.url}/
  API:                 ${service.url}/api   (OpenAPI: ${service.url}/api/openapi.json)
  health:              ${service.url}/healthz  ${service.url}/readyz
  database:            ${mongo ? `${mongodbUri} (FerretDB, data in .data/db)` : mongodbUri}
  WeChat simulator:    ${simulators.wechatApiBaseUrl}
  WeChat Pay simulator: ${simulators.wechatPayBaseUrl}
demo accounts (open the H5 app with ?as=<name> to log in as that WeChat user):
${demo.accounts.map((a) => `  ${service.url}/?as=${a.openidHint}#/pages/login/index   ${a.description}`).join('\n')}
integration client (HMAC, see server/integration/signature.ts): X-Client-Id ${demo.integrationClient.clientId}  key ${demo.integrationClient.key}  (${demo.integrationClient.institutionId})
Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

function pick(source: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((key) => (source[key] ? [[key, source[key]!]] : [])));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
