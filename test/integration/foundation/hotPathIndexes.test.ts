import type { Document } from 'mongodb';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { createAccount, createBookingFixture, createBoundResident, giveDueFollowUps, givePoints, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Every query a resident's or doctor's everyday screen issues is answered from an index, so its
 * cost does not grow with the city's data. The screens are called over HTTP as the app calls them;
 * every command they send is recorded; then each collection gets thousands of unrelated documents
 * and each recorded filter is explained on the engine: on MongoDB no COLLSCAN, on FerretDB an
 * index scan in PostgreSQL's plan (docs/database.md). The indexes are declared in server/models.
 */
const hotPaths: Array<{ screen: string; path: (ids: Ids) => string; as: 'resident' | 'doctor' }> = [
  { screen: 'home: profile', path: () => '/api/me', as: 'resident' },
  { screen: 'home: notices', path: (ids) => `/api/residents/${ids.residentId}/notices`, as: 'resident' },
  { screen: 'records', path: (ids) => `/api/residents/${ids.residentId}/records`, as: 'resident' },
  { screen: 'cardiovascular risk', path: (ids) => `/api/residents/${ids.residentId}/cardiovascular-risk`, as: 'resident' },
  { screen: 'control status', path: (ids) => `/api/residents/${ids.residentId}/control-status`, as: 'resident' },
  { screen: 'readings list (7 days of blood pressure)', path: (ids) => `/api/residents/${ids.residentId}/readings?measure=bp&days=7`, as: 'resident' },
  { screen: 'readings chart (90 days of glucose)', path: (ids) => `/api/residents/${ids.residentId}/readings?measure=glucose&days=90`, as: 'resident' },
  { screen: 'passbook summary', path: (ids) => `/api/residents/${ids.residentId}/passbook`, as: 'resident' },
  { screen: 'passbook statement', path: (ids) => `/api/residents/${ids.residentId}/passbook/statement`, as: 'resident' },
  { screen: 'due items', path: (ids) => `/api/residents/${ids.residentId}/due-items`, as: 'resident' },
  { screen: 'bookings', path: (ids) => `/api/residents/${ids.residentId}/bookings`, as: 'resident' },
  { screen: "doctor's panel", path: () => '/api/staff/panel', as: 'doctor' },
];

/**
 * Collections that are configuration, a handful of documents read whole (and cached), where a
 * collection scan is the right plan.
 */
const configurationCollections = new Set(['points_policy_versions']);

interface Ids {
  residentId: string;
}
interface RecordedQuery {
  screen: string;
  collection: string;
  filter: Document;
}

/** The filter a collection method selects documents by (what an index must answer); none for inserts. */
function filterOf(method: string, args: unknown[]): Document | undefined {
  if (method === 'aggregate') return ((args[0] as Document[] | undefined)?.[0]?.$match as Document | undefined) ?? {};
  if (/^(find|findOne|findOneAndUpdate|findOneAndDelete|findOneAndReplace|updateOne|updateMany|deleteOne|deleteMany|countDocuments|distinct)$/.test(method)) {
    return ((method === 'distinct' ? args[1] : args[0]) as Document | undefined) ?? {};
  }
  return undefined;
}

describe('hot paths use indexes', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-06-15T02:00:00Z'));
  const tokens: Record<'resident' | 'doctor', string> = { resident: '', doctor: '' };
  let ids: Ids;
  const recorded: RecordedQuery[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    const { resident, account } = await createBoundResident(stack, { institutionId: 'inst-hot', teamId: 'team-hot' });
    ids = { residentId: resident.residentId };
    tokens.resident = account.token;
    tokens.doctor = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-hot', teamId: 'team-hot' } })).token;
    await giveDueFollowUps(stack, { residentId: resident.residentId, institutionId: 'inst-hot', teamId: 'team-hot' });
    await createBookingFixture(stack, { residentId: resident.residentId, institutionId: 'inst-hot', teamId: 'team-hot' });
    await givePoints(stack, resident.residentId, 500);
    for (let i = 0; i < 3; i += 1) {
      const measuredAt = new Date(clock.now().getTime() - i * 3_600_000).toISOString();
      const reading = { measure: 'bp', clientReadingId: newClientReadingId(), measuredAt, readings: [{ systolicMmHg: 128 + i, diastolicMmHg: 80 }, { systolicMmHg: 126, diastolicMmHg: 78 }], arm: 'left', timeOfDay: 'morning' };
      const res = await request(stack.url).post(`/api/residents/${resident.residentId}/readings`).set('Authorization', `Bearer ${tokens.resident}`).send(reading);
      expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
    }

    // Record what each screen asks of each collection (its own requests only: jobs are off).
    let screen = '';
    stack.service.deps.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      const filter = filterOf(method, args);
      if (screen && filter) recorded.push({ screen, collection, filter });
    });
    for (const hotPath of hotPaths) {
      screen = hotPath.screen;
      const res = await request(stack.url).get(hotPath.path(ids)).set('Authorization', `Bearer ${tokens[hotPath.as]}`);
      expect({ screen, status: res.status }).toEqual({ screen, status: 200 });
    }
    screen = '';
    stack.service.deps.connection.set('debug', false);

    // Unrelated data: enough that a scan would cost more than an index lookup to any planner.
    const db = stack.service.deps.connection.db!;
    const fillers = Array.from({ length: 3000 }, (_, i) => ({ unrelatedFiller: i }));
    for (const collection of new Set(recorded.map((q) => q.collection))) {
      if (!configurationCollections.has(collection)) await db.collection(collection).insertMany(fillers.map((f) => ({ ...f })));
    }
  }, 120_000);
  afterAll(async () => {
    await stack.stop();
  });

  test('every screen issued queries', () => {
    for (const { screen } of hotPaths) expect({ screen, queries: recorded.some((q) => q.screen === screen) }).toEqual({ screen, queries: true });
  });

  test('every query of every screen is answered from an index', async () => {
    const db = stack.service.deps.connection.db!;
    const ferretdb = Boolean((await db.admin().command({ buildInfo: 1 })).ferretdbVersion);
    const scans: string[] = [];
    const seen = new Set<string>();
    for (const query of recorded) {
      if (configurationCollections.has(query.collection)) continue;
      const key = `${query.collection} ${JSON.stringify(query.filter)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const explained = await db.command({ explain: { find: query.collection, filter: query.filter }, verbosity: 'queryPlanner' });
      const plan = JSON.stringify(explained.queryPlanner);
      const indexed = ferretdb ? /Index (Only )?Scan/.test(plan) : !plan.includes('COLLSCAN');
      if (!indexed) scans.push(`${query.screen}: ${query.collection} ${JSON.stringify(query.filter)}`);
    }
    expect(seen.size).toBeGreaterThan(hotPaths.length);
    expect(scans).toEqual([]);
  });
});
