import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The project's own MongoDB-wire server for development and tests: FerretDB 1.24 on a PostgreSQL
 * cluster of its own (Debian's postgresql-15), both run by a small Go launcher in
 * tools/ferretdb-launcher (docs/database.md says why this engine and what it guarantees). The
 * launcher is built once into .cache/ and reused; the cache key is its source and build flags.
 */
const repoRoot = resolve(__dirname, '../..');
const launcherDir = join(repoRoot, 'tools/ferretdb-launcher');
// Only the PostgreSQL backend is compiled in: smaller and faster to build.
const buildTags = 'ferretdb_no_sqlite';

export function ferretdbBinaryPath(): string {
  const hash = createHash('sha256').update(buildTags);
  const sources = readdirSync(launcherDir).filter((file) => /\.(go|mod|sum)$/.test(file)).sort();
  for (const file of sources) hash.update(file).update(readFileSync(join(launcherDir, file)));
  return join(repoRoot, '.cache/ferretdb', hash.digest('hex').slice(0, 16), 'ferretdb-launcher');
}

export function ensureFerretdbBinary(log: (line: string) => void = () => {}): string {
  const binary = ferretdbBinaryPath();
  if (existsSync(binary)) return binary;
  log(`building FerretDB launcher into ${binary} (first run only, about a minute)…`);
  mkdirSync(join(binary, '..'), { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  execFileSync('go', ['build', '-tags', buildTags, '-trimpath', '-o', partial, '.'], {
    cwd: launcherDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  renameSync(partial, binary); // atomic, so a concurrent run never sees a half-written binary
  return binary;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface LocalMongo {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

export interface LocalMongoOptions {
  /** Where the engine keeps its data (a PostgreSQL cluster in `<dataDir>/pg`); reused on restart. */
  dataDir: string;
  /** Loopback port for the MongoDB wire protocol; a free one when omitted. */
  port?: number;
  /**
   * Crash-safe PostgreSQL settings (fsync, synchronous commit): `npm start` keeps its data. Tests and
   * benches on throwaway directories leave it off; a stopped or killed engine loses nothing either
   * way, only a crash of the whole machine could.
   */
  durable?: boolean;
  /**
   * What the launcher's front end serializes per collection: `writes` (the default, and what the
   * product's guarantees need on FerretDB 1.x), `all`, or `none` (measurements only: writes race).
   */
  serialize?: 'writes' | 'all' | 'none';
  log?: (line: string) => void;
}

/** Starts the engine; `stop()` shuts it down cleanly, and starting again on the same dataDir resumes its data. */
export async function startLocalMongo(options: LocalMongoOptions): Promise<LocalMongo> {
  const binary = ensureFerretdbBinary(options.log);
  const port = options.port ?? (await freeLoopbackPort());
  mkdirSync(options.dataDir, { recursive: true });
  const flags = [...(options.durable ? ['-durable'] : []), '-serialize', options.serialize ?? 'writes'];
  const child = spawn(binary, [...flags, String(port), options.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await waitForReady(child);
  return {
    uri,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
  };
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolveUri, reject) => {
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`FerretDB did not become ready in 90 s: ${stderr}`)), 90_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code) => fail(new Error(`FerretDB exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (mongodb:\/\/\S+)/.exec(chunk.toString());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolveUri(match[1]);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    // PostgreSQL's fast shutdown writes a checkpoint first; give it time before forcing.
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
