import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort, startLocalMongo, type LocalMongo } from '../../server/dev/localMongo';

/**
 * A database engine of the test's own, which the test may stop and start again on the same port
 * and data (fault tests). Only this helper knows how the local engine is started, so the tests
 * stay as they are whichever engine server/dev/localMongo.ts runs.
 */
export interface StoppableEngine {
  readonly uri: string;
  /** Stops the engine; connections are refused until `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the data it had. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  close(): Promise<void>;
}

export async function startStoppableEngine(): Promise<StoppableEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'passbook-fault-db-'));
  const port = await freeLoopbackPort();
  let engine: LocalMongo | undefined = await startLocalMongo({ dataDir, port });
  const uri = engine.uri;
  return {
    uri,
    async stop() {
      await engine?.stop();
      engine = undefined;
    },
    async start() {
      if (engine) return;
      engine = await startLocalMongo({ dataDir, port });
      if (engine.uri !== uri) throw new Error(`the engine came back at ${engine.uri}, not ${uri}`);
    },
    async close() {
      await engine?.stop();
      engine = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
