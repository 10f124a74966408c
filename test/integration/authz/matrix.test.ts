import { Types } from 'mongoose';
import request from 'supertest';
import { apiRoutes } from '../../../server/routes';
import { ALL_SCOPES, createAccount, createBoundResident, createProxyLink, createResident } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The authorization matrix: every API route × every role and relationship, asserting allow/deny.
 * Rows are keyed by operationId and the list is checked against `apiRoutes(deps)`, so a route added
 * without a row (or a row left behind by a removed route) fails this test. Later issues add rows.
 *
 * "deny" means 401 (no session) or 403 `access_denied`; "allow" means anything else below 500 —
 * the request got past authorization, even if the business rules then said no (e.g. 404, 409).
 */
const roles = [
  'own', // the resident R, on their own account
  'proxyWithScope', // an active proxy of R with every scope
  'proxyWithoutScope', // an active proxy of R with only `redeem`
  'revokedProxy', // a proxy of R whose link was revoked
  'otherResident', // resident S, unrelated to R
  'cashier', // cashier of pharmacy ph-1
  'doctorSame', // doctor of R's institution and team
  'doctorOther', // doctor of another institution
  'admin',
  'anonymous',
] as const;
type Role = (typeof roles)[number];
type Outcome = 'allow' | 'deny';
type Expectation = Record<Role, Outcome>;

interface World {
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
  accountIds: Record<Exclude<Role, 'anonymous'>, string>;
  residentId: string;
  otherResidentId: string;
  linkWithScopeId: string;
  spareAccountId: string;
}

interface Row {
  request(world: World): { method: 'get' | 'post' | 'delete'; path: string; body?: object };
  expect: Expectation;
  /** Changes state a later cell would see (revocations, new links): give each cell a world of its own. */
  fresh?: boolean;
}

const everyone = (): Expectation => Object.fromEntries(roles.map((r) => [r, 'allow'])) as Expectation;
const signedIn = (): Expectation => ({ ...everyone(), anonymous: 'deny' });
const only = (...allowed: Role[]): Expectation => Object.fromEntries(roles.map((r) => [r, allowed.includes(r) ? 'allow' : 'deny'])) as Expectation;

const matrix: Record<string, Row> = {
  'health.live': { request: () => ({ method: 'get', path: '/healthz' }), expect: everyone() },
  'health.ready': { request: () => ({ method: 'get', path: '/readyz' }), expect: everyone() },
  'auth.wechatLogin': { request: () => ({ method: 'post', path: '/api/auth/wechat-login', body: { code: 'not-a-real-code' } }), expect: everyone() },
  'auth.me': { request: () => ({ method: 'get', path: '/api/me' }), expect: signedIn() },
  'dev.wechatLoginCode': { request: () => ({ method: 'post', path: '/api/dev/wechat/login-code', body: {} }), expect: everyone() },
  'dev.wechatSubscriptions': { request: () => ({ method: 'post', path: '/api/dev/wechat/subscriptions', body: { templateIds: ['TPL_TEST'] } }), expect: signedIn() },

  'consents.current': { request: () => ({ method: 'get', path: '/api/consents/current' }), expect: everyone() },
  'consents.decide': {
    request: () => ({ method: 'post', path: '/api/consents', body: { document: 'privacyGuide', version: '2026-01', decision: 'accepted' } }),
    expect: signedIn(),
  },
  'consents.withdraw': { request: () => ({ method: 'post', path: '/api/consents/withdraw', body: { confirm: true } }), expect: signedIn(), fresh: true },
  'identity.bind': { request: () => ({ method: 'post', path: '/api/identity/bind', body: { method: 'bindingCode', code: 'ZZZZ-ZZZZ' } }), expect: signedIn() },

  'me.profile': { request: () => ({ method: 'get', path: '/api/me/profile' }), expect: signedIn() },
  'me.consentHistory': { request: () => ({ method: 'get', path: '/api/me/consents' }), expect: signedIn() },
  'me.sessions': { request: () => ({ method: 'get', path: '/api/me/sessions' }), expect: signedIn() },
  'me.revokeSession': { request: () => ({ method: 'delete', path: `/api/me/sessions/${new Types.ObjectId().toHexString()}` }), expect: signedIn() },
  'me.revokeAllSessions': { request: () => ({ method: 'post', path: '/api/me/sessions/revoke-all', body: { keepCurrent: true } }), expect: signedIn() },
  'me.proxyLinks': { request: () => ({ method: 'get', path: '/api/me/proxy-links' }), expect: signedIn() },

  'residents.profile': {
    request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/profile` }),
    expect: only('own', 'proxyWithScope', 'doctorSame', 'admin'),
  },
  'residents.auditEntries': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/audit-entries` }), expect: only('own', 'admin') },
  'residents.notices': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/notices` }), expect: only('own') },
  'residents.createInvitation': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/invitations`, body: { scopes: ['view'] } }),
    expect: only('own'),
  },

  'proxies.acceptInvitation': { request: () => ({ method: 'post', path: '/api/invitations/accept', body: { code: 'AAAA-AAAA' } }), expect: signedIn() },
  'proxies.revokeLink': {
    request: (w) => ({ method: 'post', path: `/api/proxy-links/${w.linkWithScopeId}/revoke` }),
    // Either party to the link: the resident or that link's proxy. Nobody else, staff included.
    expect: only('own', 'proxyWithScope'),
    fresh: true,
  },

  'staff.issueBindingCode': { request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/binding-codes` }), expect: only('doctorSame') },
  'staff.createProxyLink': {
    request: (w) => ({
      method: 'post',
      path: `/api/staff/residents/${w.residentId}/proxy-links`,
      body: { proxyAccountId: w.spareAccountId, scopes: ['view'], verificationMethod: 'idCard', relationship: '儿子' },
    }),
    expect: only('doctorSame'),
    fresh: true,
  },
  'staff.residentIdentity': { request: (w) => ({ method: 'get', path: `/api/staff/residents/${w.residentId}/identity` }), expect: only('doctorSame', 'admin') },
  'admin.auditEntries': { request: () => ({ method: 'get', path: '/api/admin/audit-entries' }), expect: only('admin') },
  'admin.assignStaff': {
    request: (w) => ({ method: 'post', path: '/api/admin/staff-assignments', body: { accountId: w.spareAccountId, role: 'cashier', pharmacyId: 'ph-2' } }),
    expect: only('admin'),
    fresh: true,
  },
};

async function buildWorld(stack: TestStack): Promise<World> {
  const { resident, account: own } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
  const { resident: other, account: otherResident } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
  const [proxyWithScope, proxyWithoutScope, revokedProxy, cashier, doctorSame, doctorOther, admin, spare] = await Promise.all([
    createAccount(stack),
    createAccount(stack),
    createAccount(stack),
    createAccount(stack, { roles: ['cashier'], staff: { pharmacyId: 'ph-1' } }),
    createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } }),
    createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } }),
    createAccount(stack, { roles: ['admin'] }),
    createAccount(stack),
  ]);
  const { linkId } = await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: proxyWithScope.accountId, scopes: ALL_SCOPES });
  await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: proxyWithoutScope.accountId, scopes: ['redeem'] });
  await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: revokedProxy.accountId, scopes: ALL_SCOPES, revoked: true });
  const accounts = { own, proxyWithScope, proxyWithoutScope, revokedProxy, otherResident, cashier, doctorSame, doctorOther, admin };
  return {
    tokens: Object.fromEntries(Object.entries(accounts).map(([role, a]) => [role, a.token])) as World['tokens'],
    accountIds: Object.fromEntries(Object.entries(accounts).map(([role, a]) => [role, a.accountId])) as World['accountIds'],
    residentId: resident.residentId,
    otherResidentId: other.residentId,
    linkWithScopeId: linkId,
    spareAccountId: spare.accountId,
  };
}

describe('authorization matrix: every route × every role', () => {
  let stack: TestStack;
  let shared: World;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    shared = await buildWorld(stack);
    // A resident of another institution exists too, so "own institution only" is tested against real data.
    await createResident(stack, { institutionId: 'inst-west', teamId: 'team-west-1' });
  });
  afterAll(() => stack.stop());

  test('every registered route has a row, and every row a route', () => {
    const registered = apiRoutes(stack.service.deps).map((r) => r.operationId).sort();
    expect(registered.filter((id) => !(id in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((id) => !registered.includes(id))).toEqual([]);
  });

  const cells = Object.entries(matrix).flatMap(([operationId, row]) => roles.map((role) => [operationId, role, row.expect[role]] as const));

  test.each(cells)('%s as %s → %s', async (operationId, role, outcome) => {
    const row = matrix[operationId]!;
    const world = row.fresh ? await buildWorld(stack) : shared;
    const spec = row.request(world);
    let req = request(stack.url)[spec.method](spec.path);
    if (role !== 'anonymous') req = req.set('Authorization', `Bearer ${world.tokens[role]}`);
    const res = spec.body ? await req.send(spec.body) : await req;
    const code = res.body?.error?.code as string | undefined;
    const denied = res.status === 401 || (res.status === 403 && code === 'access_denied');
    expect({ status: res.status, code, outcome: denied ? 'deny' : 'allow' }).toEqual({ status: res.status, code, outcome });
    expect(res.status).toBeLessThan(500);
    if (denied && role !== 'anonymous') expect(code).toBe('access_denied');
  });
});
