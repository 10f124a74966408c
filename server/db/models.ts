import type { Connection } from 'mongoose';
import { accountSchema } from '../models/account';
import { jobSchema } from '../models/job';
import { rateLimitWindowSchema } from '../models/rateLimitWindow';
import { sessionSchema } from '../models/session';

/**
 * Models are bound to a connection rather than to mongoose's global one, so a test file, a second
 * service instance or a benchmark can each use their own database in one process.
 */
export function bindModels(connection: Connection) {
  return {
    Account: connection.model('Account', accountSchema, 'accounts'),
    Job: connection.model('Job', jobSchema, 'jobs'),
    RateLimitWindow: connection.model('RateLimitWindow', rateLimitWindowSchema, 'rate_limit_windows'),
    Session: connection.model('Session', sessionSchema, 'sessions'),
  };
}

export type Models = ReturnType<typeof bindModels>;

/** Creates every index the models declare; run at start (idempotent) instead of mongoose autoIndex. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
