import request from 'supertest';
import { hashToken, lookupSession } from '../../../server/auth/sessions';
import { createAccount, createBoundResident, createResident } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * A session carries a copy of its account's roles, affiliation and binding, so a request reads only
 * the session (by _id). A change to the account must still take effect on the very next request.
 */
describe('the session copy of the account', () => {
  let stack: TestStack;
  let admin: string;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = (await createAccount(stack, { roles: ['admin'] })).token;
  });
  afterAll(() => stack.stop());

  const get = (path: string, token: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`);

  test('a revoked doctor role takes effect on the next request, with no wait', async () => {
    const resident = await createResident(stack, { institutionId: 'inst-sa', teamId: 'team-sa' });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-sa', teamId: 'team-sa' } });
    expect((await get('/api/staff/panel', doctor.token)).status).toBe(200);
    expect((await get(`/api/residents/${resident.residentId}/passbook`, doctor.token)).status).toBe(200);
    const session = await stack.service.deps.models.Session.findById(doctor.sessionId).lean();
    expect(session?.actor?.roles).toEqual(['doctor']);

    const reassigned = await request(stack.url)
      .post('/api/admin/staff-assignments')
      .set('Authorization', `Bearer ${admin}`)
      .send({ accountId: doctor.accountId, role: 'cashier', pharmacyId: 'ph-sa' });
    expect(reassigned.status).toBe(200);

    expect((await get('/api/staff/panel', doctor.token)).status).toBe(403);
    expect((await get(`/api/residents/${resident.residentId}/passbook`, doctor.token)).status).toBe(403);
    const me = await get('/api/me', doctor.token);
    expect(me.body.data.roles).toEqual(['cashier']);
  });

  test('a lookup that read the account before a change cannot put the older copy back', async () => {
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-sb', teamId: 'team-sb' } });
    const { deps } = stack.service;
    // The first lookup copies version 0; a reassignment then pushes version 1 to the session.
    expect('actor' in (await lookupSession(deps, doctor.token))).toBe(true);
    await request(stack.url).post('/api/admin/staff-assignments').set('Authorization', `Bearer ${admin}`).send({ accountId: doctor.accountId, role: 'admin' }).expect(200);
    // A lookup that had read version 0 and writes late is refused by the version guard.
    const late = await deps.models.Session.updateOne(
      { _id: doctor.sessionId, $or: [{ actorVersion: { $exists: false } }, { actorVersion: { $lte: 0 } }] },
      { $set: { actor: { roles: ['doctor'], residentId: null, staff: { institutionId: 'inst-sb', teamId: 'team-sb' } }, actorVersion: 0 } },
    );
    expect(late.modifiedCount).toBe(0);
    const lookup = await lookupSession(deps, doctor.token);
    expect('actor' in lookup && lookup.actor.roles).toEqual(['admin']);
  });

  test('a session older than the copy (no actor yet, or a token without its id) still opens the account', async () => {
    const { resident, account } = await createBoundResident(stack);
    const { deps } = stack.service;
    const session = await deps.models.Session.findById(account.sessionId).lean();
    expect(session?.actor).toBeNull();
    expect((await get(`/api/residents/${resident.residentId}/passbook`, account.token)).status).toBe(200);
    const copied = await deps.models.Session.findById(account.sessionId).lean();
    expect(String(copied?.actor?.residentId)).toBe(resident.residentId);

    // A token issued before sessions carried their id in it: 43 base64url characters, found by hash.
    const legacyToken = 'L'.repeat(43);
    await deps.models.Session.collection.insertOne({
      tokenHash: hashToken(legacyToken),
      accountId: copied!.accountId,
      createdAt: new Date(),
      lastSeenAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
      revokedAt: null,
      userAgent: 'legacy',
    });
    expect((await get(`/api/residents/${resident.residentId}/passbook`, legacyToken)).status).toBe(200);
  });

  test('a token whose id part names another session opens nothing', async () => {
    const a = await createAccount(stack);
    const b = await createAccount(stack);
    const forged = `s${b.sessionId}${a.token.slice(25)}`;
    expect((await get('/api/me', forged)).status).toBe(401);
  });
});
