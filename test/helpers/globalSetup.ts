import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalMongo } from '../../server/dev/localMongo';

/** One database server per jest run: MONGODB_URI when given, otherwise a fresh local FerretDB. */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'passbook-test-db-'));
  const mongo = await startLocalMongo({ dataDir, log: (line) => process.stderr.write(`${line}\n`) });
  process.env.MONGODB_URI = mongo.uri;
  (globalThis as { __localMongo?: unknown }).__localMongo = mongo;
  mkdirSync(join(__dirname, '../../.tmp'), { recursive: true });
  writeFileSync(join(__dirname, '../../.tmp/test-mongodb-uri'), mongo.uri);
}
