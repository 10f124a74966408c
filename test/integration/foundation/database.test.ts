import { useTestDatabase } from '../../helpers/db';

/** The guarantees the product's designs rely on, checked on whichever server MONGODB_URI names. */
describe('database guarantees', () => {
  const db = useTestDatabase();

  test('a conditional single-document update is atomic: 40 racing decrements of a stock of 10 → exactly 10 win', async () => {
    const items = db.connection.collection('atomicity_items');
    await items.insertOne({ _id: 'slot' as never, remaining: 10 });
    const attempts = await Promise.all(
      Array.from({ length: 40 }, () =>
        items.findOneAndUpdate({ _id: 'slot' as never, remaining: { $gt: 0 } }, { $inc: { remaining: -1 } }, { returnDocument: 'after' }),
      ),
    );
    expect(attempts.filter(Boolean)).toHaveLength(10);
    expect((await items.findOne({ _id: 'slot' as never }))?.remaining).toBe(0);
  });

  test('updateOne with a version guard lets exactly one of many racing writers through', async () => {
    const docs = db.connection.collection('atomicity_versions');
    await docs.insertOne({ _id: 'v' as never, version: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, writer) => docs.updateOne({ _id: 'v' as never, version: 0 }, { $set: { version: 1, writer } })),
    );
    expect(results.reduce((sum, r) => sum + r.modifiedCount, 0)).toBe(1);
  });

  test('a unique index makes an idempotency key single-use under concurrency', async () => {
    const keys = db.connection.collection('atomicity_keys');
    await keys.createIndex({ key: 1 }, { unique: true });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => keys.insertOne({ key: 'op-1' })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason.code === 11000)).toBe(true);
  });

  test('multi-document transactions are refused on a standalone server, never silently ignored', async () => {
    const hello = await db.connection.db!.admin().command({ hello: 1 });
    // On a replica set (a valid production MONGODB_URI) transactions exist; the product still uses none.
    if (hello.setName) return;
    const session = await db.connection.startSession();
    try {
      session.startTransaction();
      await expect(db.connection.collection('atomicity_tx').insertOne({ a: 1 }, { session })).rejects.toThrow();
    } finally {
      await session.endSession().catch(() => undefined);
    }
  });
});
