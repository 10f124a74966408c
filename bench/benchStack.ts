/**
 * What the API, scale and idle benches share: the engine (a local FerretDB unless MONGODB_URI is
 * set), the WeChat simulators and one service instance on its own database, and a closed-loop HTTP
 * load of N connections timed per request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/service';
import type { Clock } from '../server/clock';
import { freeLoopbackPort, startLocalMongo, type LocalMongo } from '../server/dev/localMongo';
import { localServiceEnv } from '../server/dev/localEnv';
import { startWechatSimulators } from '../server/dev/simulators';
import { startService, type ServiceHandle } from '../server/service';

export interface BenchStack {
  uri: string;
  engine: LocalMongo | undefined;
  service: ServiceHandle;
  stop(): Promise<void>;
}

export async function startBenchStack(name: string, options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<BenchStack> {
  let engine: LocalMongo | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = mkdtempSync(join(tmpdir(), `passbook-bench-${name}-`));
    engine = await startLocalMongo({ dataDir, log: (line) => console.log(line) });
    uri = engine.uri;
  }
  const simulators = await startWechatSimulators();
  const env = {
    ...localServiceEnv({ nodeEnv: 'test', mongodbUri: uri, mongodbDb: `bench_${name}_${Date.now().toString(36)}`, port: await freeLoopbackPort(), simulatorEnv: simulators.env }),
    JOBS_ENABLED: '0',
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...options.env,
  };
  const service = await startService(loadConfig(env), options.clock ? { clock: options.clock } : {});
  return {
    uri,
    engine,
    service,
    stop: async () => {
      await service.deps.connection.dropDatabase().catch(() => undefined);
      await service.stop();
      await simulators.close();
      await engine?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  requestsPerS: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
}

/**
 * `connections` loops, each with its own keep-alive socket, sending `next(i)` one after the other
 * for `duration_ms` (after a warm-up of a fifth of that); every request must answer 200.
 */
export async function closedLoopLoad(baseUrl: string, connections: number, duration_ms: number, next: (loop: number) => { path: string; token?: string }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(baseUrl);
  const get = (path: string, token?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  const run = async (ms: number, latencies: number[] | undefined) => {
    let errors = 0;
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: connections }, async (_, loop) => {
        while (Date.now() < until) {
          const { path, token } = next(loop);
          const started = performance.now();
          const status = await get(path, token).catch(() => 0);
          latencies?.push(performance.now() - started);
          if (status !== 200) errors += 1;
        }
      }),
    );
    return errors;
  };
  await run(duration_ms / 5, undefined);
  const latencies: number[] = [];
  const errors = await run(duration_ms, latencies);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requestsPerS: latencies.length / (duration_ms / 1000), p50_ms: at(0.5), p99_ms: at(0.99), errors };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The machine's load when the bench started (2 shared cores: a loaded machine skews every figure). */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}
