import { connect, createServer, type Server, type Socket } from 'node:net';
import { MongoNetworkError } from 'mongodb';

/**
 * patches/mongodb+7.8.0.patch: a command written to a socket the server has just closed — destroyed
 * by Node, its 'close' not yet handled by the driver — must fail as a network error. Unpatched, the
 * write neither drains nor errors and the command waits forever; when that command is the server
 * monitor's heartbeat, the monitor never checks again and every later operation fails server
 * selection although the database is back (test/integration/faults/databaseOutage.test.ts saw it).
 */
// The driver's connection class is internal: no public API hands out a connection over a given socket.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeConnection } = require('mongodb/lib/cmap/connect') as {
  makeConnection(options: object, socket: Socket): { command(ns: object, cmd: object, options: object): Promise<unknown> };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ns } = require('mongodb/lib/utils') as { ns(namespace: string): object };

let server: Server;
beforeAll(async () => {
  // Accepts and hangs up at once, as a database process does while it stops.
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a command on a socket the server already closed fails at once with a network error', async () => {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  const socket = connect(address.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const connection = makeConnection({ id: 1, generation: 0, hostAddress: { toString: () => `127.0.0.1:${address.port}` } }, socket);
  // Node destroys the socket after the server's FIN; the driver learns of it only on 'close', later.
  await new Promise((resolve) => socket.once('end', resolve));
  await new Promise((resolve) => setImmediate(resolve));
  const outcome = await Promise.race([
    connection.command(ns('admin.$cmd'), { hello: 1 }, {}).then(
      () => 'answered',
      (err: unknown) => err,
    ),
    new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000)),
  ]);
  expect(outcome).toBeInstanceOf(MongoNetworkError);
});
