import { useTestDatabase } from '../../helpers/db';
describe('probe', () => {
  const db = useTestDatabase();
  test('atomic lease', async () => {
    const col = db.connection.collection<{ _id: string; leaseId?: string; leaseExpiresAt?: Date; v?: number }>('probe');
    for (let round = 0; round < 5; round++) {
      await col.deleteMany({});
      await col.insertOne({ _id: 'app', v: 1 });
      const now = new Date();
      const results = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
        try {
          const r = await col.findOneAndUpdate({ _id: 'app', $or: [{ leaseExpiresAt: { $exists: false } }, { leaseExpiresAt: { $lte: now } }] }, { $set: { leaseId: String(i), leaseExpiresAt: new Date(Date.now() + 10000) } }, { upsert: true, returnDocument: 'after' });
          return r ? `won:${r.leaseId}` : 'null';
        } catch (e) { return `err:${(e as {code?: number}).code}`; }
      }));
      console.log(results.join(' '));
      const um = await Promise.all(Array.from({ length: 8 }, (_, i) => col.updateOne({ _id: 'app', v: 1 }, { $set: { v: 2, w: i } as never })));
      console.log('updateOne matched', um.map(r => r.modifiedCount).join(','));
    }
  });
});
