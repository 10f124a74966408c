import { runInNewContext } from 'node:vm';
import { mongo } from 'mongoose';
import { isDatabaseUnavailable } from '../../../server/http/errorBoundary';

/** Which failures a request answers as 503 service_unavailable (retry later) rather than a 500 bug. */
function serverError(code: number, errmsg: string): mongo.MongoServerError {
  return new mongo.MongoServerError({ ok: 0, code, errmsg });
}

function socketError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('a database that cannot answer is unavailable, not a bug', () => {
  test.each([
    ['driver network error', new mongo.MongoNetworkError('connection 40 closed')],
    ['MongoDB shutting down (91)', serverError(91, 'The server is in quiesce mode and will shut down')],
    ['MongoDB interrupted at shutdown (11600)', serverError(11600, 'interrupted at shutdown')],
    ['primary stepped down (189)', serverError(189, 'PrimarySteppedDown')],
    ['not writable primary (10107)', serverError(10107, 'not primary')],
    ['PostgreSQL gone under FerretDB', serverError(1, 'SQLSTATE 57P01 terminating connection due to administrator command')],
    ['FerretDB stopping mid-command', serverError(1, '[msg_update.go:133 handler.(*Handler).updateDocument] context canceled')],
    ['write after the server closed the socket', socketError('EPIPE', 'This socket has been ended by the other party')],
    ['connection reset', socketError('ECONNRESET', 'read ECONNRESET')],
    // Node raises socket errors in its own realm: under jest (a vm context) they are not `instanceof Error`.
    ['EPIPE from another realm', runInNewContext(`Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' })`) as unknown],
  ])('%s → unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  test.each([
    ['duplicate key (11000)', serverError(11000, 'E11000 duplicate key error')],
    ['bad query (2)', serverError(2, 'unknown operator: $foo')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['file not found', socketError('ENOENT', 'no such file')],
    ['not an error at all', 'EPIPE'],
  ])('%s → a bug or a client mistake, not unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
