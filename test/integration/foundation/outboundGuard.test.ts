import { OutboundConnectionBlocked } from '../../helpers/outboundGuard';
import { useTestDatabase } from '../../helpers/db';

describe('outbound guard', () => {
  const db = useTestDatabase();

  test('a connection to a non-loopback host fails the test', async () => {
    const failure = await fetch('http://example.com/').then(
      () => undefined,
      (err: Error & { cause?: Error }) => err.cause,
    );
    expect(String(failure)).toContain(new OutboundConnectionBlocked('example.com').message);
  });

  test('loopback connections (the test database) still work', async () => {
    const result = await db.connection.db!.admin().command({ ping: 1 });
    expect(result.ok).toBe(1);
  });
});
