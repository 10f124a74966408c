import type { LocalMongo } from '../../server/dev/localMongo';

export default async function globalTeardown(): Promise<void> {
  const mongo = (globalThis as { __localMongo?: LocalMongo }).__localMongo;
  await mongo?.stop();
}
