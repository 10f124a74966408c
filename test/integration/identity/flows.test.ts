import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { notifyResidentOfProxyAction } from '../../../server/identity/proxyActionNotifier';
import { ALL_SCOPES, createAccount, createResident, fakeIdNumber, simLoginCode, simPhoneCode, type ResidentFixture } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * Identity flows end to end over HTTP against the real service, database and WeChat simulator:
 * login → consent → bind → 我的 → invitations → proxies → staff → withdrawal. The last test scans
 * the raw database for every plaintext ID number and phone used in this file.
 */
const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
let stack: TestStack;
const plaintextIdentifiers = new Set<string>();

const api = () => request(stack.url);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function login(openid: string): Promise<{ token: string; accountId: string }> {
  const res = await api().post('/api/auth/wechat-login').send({ code: await simLoginCode(stack, openid) });
  expect(res.status).toBe(200);
  return { token: res.body.data.token, accountId: res.body.data.account.id };
}

async function consentAll(token: string) {
  for (const document of ['privacyGuide', 'healthData']) {
    const res = await api().post('/api/consents').set(bearer(token)).send({ document, version: '2026-01', decision: 'accepted' });
    expect(res.status).toBe(201);
  }
}

async function archive(input: Parameters<typeof createResident>[1] = {}): Promise<ResidentFixture> {
  const resident = await createResident(stack, input);
  plaintextIdentifiers.add(resident.idNumber);
  if (resident.phone) plaintextIdentifiers.add(resident.phone);
  return resident;
}

/** A resident who logged in, consented and bound by details with a typed phone. */
async function boundResident(openid: string) {
  const resident = await archive();
  const session = await login(openid);
  await consentAll(session.token);
  const bind = await api().post('/api/identity/bind').set(bearer(session.token)).send({ method: 'details', name: resident.name, idNumber: resident.idNumber, phone: resident.phone });
  expect(bind.status).toBe(200);
  return { resident, ...session };
}

beforeAll(async () => {
  stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000', BINDING_ATTEMPTS_MAX: '20' } });
});
afterAll(() => stack.stop());

describe('consent', () => {
  test('the current documents are public and versioned', async () => {
    const res = await api().get('/api/consents/current');
    expect(res.status).toBe(200);
    expect(res.body.data.privacyGuide).toMatchObject({ version: '2026-01', title: expect.stringContaining('隐私') });
    expect(res.body.data.healthData.version).toBe('2026-01');
  });

  test('declining stores the decline and nothing else; binding then needs consent', async () => {
    const { token, accountId } = await login('consent-decliner');
    const res = await api().post('/api/consents').set(bearer(token)).send({ document: 'healthData', version: '2026-01', decision: 'declined' });
    expect(res.status).toBe(201);
    const entries = await stack.service.deps.models.Consent.find({ accountId }).lean();
    expect(entries.map((e) => [e.document, e.decision])).toEqual([['healthData', 'declined']]);
    const account = await stack.service.deps.models.Account.findById(accountId).lean();
    expect(account?.residentId ?? null).toBeNull();
    const resident = await archive();
    const bind = await api().post('/api/identity/bind').set(bearer(token)).send({ method: 'details', name: resident.name, idNumber: resident.idNumber, phone: resident.phone });
    expect(bind.body.error.code).toBe('consent_required');
    const me = await api().get('/api/me/profile').set(bearer(token));
    expect(me.body.data.consents.healthData.status).toBe('declined');
    expect(me.body.data.consents.privacyGuide.status).toBe('none');
  });

  test('an outdated version is refused with consent_version_outdated', async () => {
    const { token } = await login('consent-outdated');
    const res = await api().post('/api/consents').set(bearer(token)).send({ document: 'privacyGuide', version: '2019-01', decision: 'accepted' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'consent_version_outdated', message: expect.stringMatching(/协议/) });
  });
});

describe('binding', () => {
  test('by name + ID number + the getPhoneNumber code; responses are masked', async () => {
    const resident = await archive({ name: '张三丰', phone: '13800001234' });
    const { token } = await login('bind-phone-code');
    await consentAll(token);
    const phoneCode = await simPhoneCode(stack, '13800001234');
    const bind = await api().post('/api/identity/bind').set(bearer(token)).send({ method: 'details', name: '张三丰', idNumber: resident.idNumber.toLowerCase(), phoneCode });
    expect(bind.status).toBe(200);
    expect(bind.body.data.resident).toMatchObject({
      residentId: resident.residentId,
      name: '张三丰',
      idNumberMasked: `**************${resident.idNumber.slice(-4)}`,
      phoneMasked: '138****1234',
      ageYears: expect.any(Number),
    });
    // No birth date beside the masked number: the two together rebuilt it (issue 19).
    expect(bind.body.data.resident).not.toHaveProperty('birthDate');
    const me = await api().get('/api/me/profile').set(bearer(token));
    expect(me.body.data.resident.idNumberMasked).toBe(bind.body.data.resident.idNumberMasked);
    expect(JSON.stringify(me.body)).not.toContain(resident.idNumber);
    expect(JSON.stringify(me.body)).not.toContain('13800001234');
    const again = await api().post('/api/identity/bind').set(bearer(token)).send({ method: 'details', name: '张三丰', idNumber: resident.idNumber, phone: '13800001234' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('account_already_bound');
  });

  test('wrong name, wrong phone, unknown archive: one and the same answer', async () => {
    const resident = await archive({ name: '李四海' });
    const { token } = await login('bind-mismatch');
    await consentAll(token);
    const attempts = [
      { name: '王五福', idNumber: resident.idNumber, phone: resident.phone },
      { name: '李四海', idNumber: resident.idNumber, phone: '13800009999' },
      { name: '李四海', idNumber: fakeIdNumber({ birth: '19580101', sequence: 777 }), phone: resident.phone },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const res = await api().post('/api/identity/bind').set(bearer(token)).send({ method: 'details', ...attempt });
      expect(res.status).toBe(422);
      bodies.push(res.body);
    }
    expect(bodies[0].error).toEqual({ code: 'binding_details_not_matched', message: expect.any(String) });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  test('malformed input: each its own code, with a Chinese message', async () => {
    const { token } = await login('bind-malformed');
    await consentAll(token);
    const valid = fakeIdNumber({ birth: '19590909', sequence: 5 });
    const wrongCheck = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    const cases: Array<[object, string]> = [
      [{ idNumber: '1101011956' }, 'id_number_format_invalid'],
      [{ idNumber: `99${valid.slice(2)}` }, 'id_number_region_invalid'],
      [{ idNumber: '110101195613401234' }, 'id_number_birthdate_invalid'],
      [{ idNumber: wrongCheck }, 'id_number_checksum_invalid'],
      [{ phone: '12345' }, 'phone_format_invalid'],
      [{ name: 'X' }, 'person_name_length_invalid'],
      [{ name: '张3' }, 'person_name_format_invalid'],
      [{ phone: undefined, phoneCode: 'no-such-code' }, 'phone_code_invalid'],
    ];
    for (const [override, code] of cases) {
      const res = await api().post('/api/identity/bind').set(bearer(token)).send({ method: 'details', name: '赵六安', idNumber: valid, phone: '13800000001', ...override });
      expect({ code: res.body.error?.code, status: res.status }).toEqual({ code, status: 400 });
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const both = await api().post('/api/identity/bind').set(bearer(token)).send({ method: 'details', name: '赵六安', idNumber: valid });
    expect(both.body.error.code).toBe('validation_failed');
  });

  test('by a one-time binding code printed by the clinic: used once, expired, unknown', async () => {
    const resident = await archive({ phone: null, institutionId: 'inst-east' });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const issued = await api().post(`/api/staff/residents/${resident.residentId}/binding-codes`).set(bearer(doctor.token));
    expect(issued.status).toBe(201);
    expect(issued.body.data.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const first = await login('bind-code-1');
    await consentAll(first.token);
    const unknown = await api().post('/api/identity/bind').set(bearer(first.token)).send({ method: 'bindingCode', code: 'ABCD-EFGH' });
    expect(unknown.body.error.code).toBe('binding_code_invalid');
    const bound = await api().post('/api/identity/bind').set(bearer(first.token)).send({ method: 'bindingCode', code: issued.body.data.code.toLowerCase().replace('-', ' ') });
    expect(bound.status).toBe(200);
    expect(bound.body.data.resident.phoneMasked).toBeNull();

    const second = await login('bind-code-2');
    await consentAll(second.token);
    const reused = await api().post('/api/identity/bind').set(bearer(second.token)).send({ method: 'bindingCode', code: issued.body.data.code });
    expect(reused.body.error.code).toBe('binding_code_used');

    // A new code for an archive another account holds: archive_already_bound, and the code stays unused.
    const another = await api().post(`/api/staff/residents/${resident.residentId}/binding-codes`).set(bearer(doctor.token));
    const taken = await api().post('/api/identity/bind').set(bearer(second.token)).send({ method: 'bindingCode', code: another.body.data.code });
    expect(taken.body.error.code).toBe('archive_already_bound');
    expect(await stack.service.deps.models.BindingCode.countDocuments({ usedAt: null })).toBeGreaterThanOrEqual(1);

    const other = await archive();
    const late = await api().post(`/api/staff/residents/${other.residentId}/binding-codes`).set(bearer(doctor.token));
    clock.advanceMs(73 * 3_600_000);
    const expired = await api().post('/api/identity/bind').set(bearer(second.token)).send({ method: 'bindingCode', code: late.body.data.code });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('binding_code_expired');
  });
});

describe('我的: sessions', () => {
  test('list, log out one device, log out all; tampered tokens are session_invalid', async () => {
    const phone = await login('sessions-user');
    const tablet = await login('sessions-user');
    const list = await api().get('/api/me/sessions').set(bearer(phone.token));
    expect(list.body.data.sessions).toHaveLength(2);
    const tabletSession = list.body.data.sessions.find((s: { current: boolean }) => !s.current);
    expect(await api().delete(`/api/me/sessions/${tabletSession.sessionId}`).set(bearer(phone.token)).then((r) => r.status)).toBe(200);
    const gone = await api().get('/api/me').set(bearer(tablet.token));
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('session_invalid');

    const tampered = phone.token.slice(0, -2) + (phone.token.endsWith('AA') ? 'BB' : 'AA');
    expect((await api().get('/api/me').set(bearer(tampered))).body.error.code).toBe('session_invalid');
    expect((await api().get('/api/me').set('Authorization', 'Bearer short')).body.error.code).toBe('session_invalid');
    expect((await api().get('/api/me')).body.error.code).toBe('session_required');

    // Someone else's session id is not found, not revoked.
    const stranger = await login('sessions-stranger');
    const strangerSessions = await api().get('/api/me/sessions').set(bearer(stranger.token));
    const foreign = await api().delete(`/api/me/sessions/${strangerSessions.body.data.sessions[0].sessionId}`).set(bearer(phone.token));
    expect(foreign.body.error.code).toBe('session_not_found');
    expect((await api().get('/api/me').set(bearer(stranger.token))).status).toBe(200);

    const all = await api().post('/api/me/sessions/revoke-all').set(bearer(phone.token)).send({});
    expect(all.body.data.revokedCount).toBe(1);
    expect((await api().get('/api/me').set(bearer(phone.token))).status).toBe(401);
  });
});

describe('family proxies', () => {
  test('invite → accept → both sides see it → proxy reads the profile (audited) → revoke → access gone', async () => {
    const father = await boundResident('father');
    const daughter = await login('daughter');
    await api().post('/api/consents').set(bearer(daughter.token)).send({ document: 'privacyGuide', version: '2026-01', decision: 'accepted' });

    const invite = await api().post(`/api/residents/${father.resident.residentId}/invitations`).set(bearer(father.token)).send({ scopes: ['view', 'redeem', 'view'], relationship: '女儿' });
    expect(invite.status).toBe(201);
    expect(invite.body.data.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invite.body.data.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(invite.body.data.qrPayload).toContain(invite.body.data.code.replace('-', ''));
    expect(invite.body.data.scopes).toEqual(['view', 'redeem']);
    expect(new Date(invite.body.data.expiresAt).getTime() - clock.now().getTime()).toBe(24 * 3_600_000);

    const self = await api().post('/api/invitations/accept').set(bearer(father.token)).send({ code: invite.body.data.code });
    expect(self.body.error.code).toBe('invitation_for_yourself');

    const accepted = await api().post('/api/invitations/accept').set(bearer(daughter.token)).send({ code: invite.body.data.code });
    expect(accepted.status).toBe(201);
    const linkId = accepted.body.data.link.linkId;
    expect(accepted.body.data.link).toMatchObject({ residentId: father.resident.residentId, scopes: ['view', 'redeem'], status: 'active', relationship: '女儿' });

    const reused = await api().post('/api/invitations/accept').set(bearer(daughter.token)).send({ code: invite.body.data.code });
    expect(reused.body.error.code).toBe('invitation_already_used');

    const fatherSide = await api().get('/api/me/proxy-links').set(bearer(father.token));
    expect(fatherSide.body.data.asResident.map((l: { linkId: string }) => l.linkId)).toEqual([linkId]);
    const daughterSide = await api().get('/api/me/profile').set(bearer(daughter.token));
    expect(daughterSide.body.data.actingFor).toEqual([{ linkId, residentId: father.resident.residentId, residentName: father.resident.name, relationship: '女儿', scopes: ['view', 'redeem'] }]);

    // Switch profile: the daughter reads her father's profile through his id.
    const profile = await api().get(`/api/residents/${father.resident.residentId}/profile`).set(bearer(daughter.token));
    expect(profile.status).toBe(200);
    // A proxy sees the last 4 of the ID number and of the phone, the age, no birth date.
    const fatherArchive = await stack.service.deps.models.Resident.findById(father.resident.residentId).lean();
    expect(profile.body.data.resident).toMatchObject({ idNumberMasked: `**************${father.resident.idNumber.slice(-4)}`, phoneMasked: `*******${father.resident.phone!.slice(-4)}`, ageYears: expect.any(Number) });
    expect(JSON.stringify(profile.body)).not.toContain(fatherArchive!.birthDate);
    expect(JSON.stringify(profile.body)).not.toContain(fatherArchive!.birthDate.replace(/-/g, ''));
    const log = await api().get(`/api/residents/${father.resident.residentId}/audit-entries?actorKind=proxy`).set(bearer(father.token));
    expect(log.body.data.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['resident.profile.read', 'proxy.link.accepted']));
    expect(log.body.data.entries.every((e: { proxyLinkId: string }) => e.proxyLinkId === linkId)).toBe(true);
    // The daughter may not read the father's log, notices or invite for him.
    expect((await api().get(`/api/residents/${father.resident.residentId}/audit-entries`).set(bearer(daughter.token))).status).toBe(403);
    expect((await api().post(`/api/residents/${father.resident.residentId}/invitations`).set(bearer(daughter.token)).send({ scopes: ['view'] })).status).toBe(403);

    // A second invitation for the same pair: proxy_link_already_active, and that invitation stays pending.
    const second = await api().post(`/api/residents/${father.resident.residentId}/invitations`).set(bearer(father.token)).send({ scopes: ['book'] });
    const duplicate = await api().post('/api/invitations/accept').set(bearer(daughter.token)).send({ code: second.body.data.code });
    expect(duplicate.body.error.code).toBe('proxy_link_already_active');
    expect((await stack.service.deps.models.Invitation.findById(second.body.data.invitationId).lean())?.status).toBe('pending');

    const revoke = await api().post(`/api/proxy-links/${linkId}/revoke`).set(bearer(father.token));
    expect(revoke.status).toBe(200);
    expect(revoke.body.data.link.status).toBe('revoked');
    const after = await api().get(`/api/residents/${father.resident.residentId}/profile`).set(bearer(daughter.token));
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('access_denied');
    expect((await api().post(`/api/proxy-links/${linkId}/revoke`).set(bearer(daughter.token))).body.error.code).toBe('proxy_link_already_revoked');

    // After the revocation the pending second invitation can make a new link, which the proxy herself ends.
    const relinked = await api().post('/api/invitations/accept').set(bearer(daughter.token)).send({ code: second.body.data.code });
    expect(relinked.status).toBe(201);
    const byProxy = await api().post(`/api/proxy-links/${relinked.body.data.link.linkId}/revoke`).set(bearer(daughter.token));
    expect(byProxy.status).toBe(200);
  });

  test('scopes are checked per request: a proxy without view cannot read the profile', async () => {
    const mother = await boundResident('mother');
    const son = await login('son');
    await consentAll(son.token);
    const invite = await api().post(`/api/residents/${mother.resident.residentId}/invitations`).set(bearer(mother.token)).send({ scopes: ['redeem'] });
    await api().post('/api/invitations/accept').set(bearer(son.token)).send({ code: invite.body.data.code });
    const res = await api().get(`/api/residents/${mother.resident.residentId}/profile`).set(bearer(son.token));
    expect(res.status).toBe(403);
  });

  test('invitations: unknown, malformed and expired codes', async () => {
    const grandpa = await boundResident('grandpa');
    const grandson = await login('grandson');
    await consentAll(grandson.token);
    expect((await api().post('/api/invitations/accept').set(bearer(grandson.token)).send({ code: 'WXYZ-2345' })).body.error.code).toBe('invitation_code_invalid');
    expect((await api().post('/api/invitations/accept').set(bearer(grandson.token)).send({ code: '0000-IIII' })).body.error.code).toBe('invitation_code_invalid');
    const invite = await api().post(`/api/residents/${grandpa.resident.residentId}/invitations`).set(bearer(grandpa.token)).send({ scopes: ALL_SCOPES });
    clock.advanceMs(24 * 3_600_000 + 1000);
    const expired = await api().post('/api/invitations/accept').set(bearer(grandson.token)).send({ code: invite.body.data.code });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('invitation_expired');
    expect(await stack.service.deps.models.ProxyLink.countDocuments({ residentId: grandpa.resident.residentId })).toBe(0);
  });

  test('one proxy serves two residents and switches between them', async () => {
    const aunt = await login('aunt');
    await consentAll(aunt.token);
    const one = await boundResident('elder-one');
    const two = await boundResident('elder-two');
    for (const elder of [one, two]) {
      const invite = await api().post(`/api/residents/${elder.resident.residentId}/invitations`).set(bearer(elder.token)).send({ scopes: ['view'] });
      expect((await api().post('/api/invitations/accept').set(bearer(aunt.token)).send({ code: invite.body.data.code })).status).toBe(201);
    }
    const me = await api().get('/api/me/profile').set(bearer(aunt.token));
    expect(me.body.data.actingFor.map((a: { residentId: string }) => a.residentId).sort()).toEqual([one.resident.residentId, two.resident.residentId].sort());
    for (const elder of [one, two]) {
      const res = await api().get(`/api/residents/${elder.resident.residentId}/profile`).set(bearer(aunt.token));
      expect(res.body.data.resident.name).toBe(elder.resident.name);
    }
  });
});

describe('clinic staff', () => {
  test('a doctor links a relative after in-person verification; who, when and how are recorded', async () => {
    const resident = await archive({ phone: null, institutionId: 'inst-east' });
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const otherDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } });
    const relative = await login('in-person-relative');
    await consentAll(relative.token);
    const body = { proxyAccountId: relative.accountId, scopes: ['view', 'logReadings', 'book'], verificationMethod: 'idCard', relationship: '儿子', note: '核验户口本' };
    expect((await api().post(`/api/staff/residents/${resident.residentId}/proxy-links`).set(bearer(otherDoctor.token)).send(body)).status).toBe(403);
    const created = await api().post(`/api/staff/residents/${resident.residentId}/proxy-links`).set(bearer(doctor.token)).send(body);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ verifiedBy: doctor.accountId, verificationMethod: 'idCard', link: { createdVia: 'staffVerification', status: 'active' } });
    const stored = await stack.service.deps.models.ProxyLink.findById(created.body.data.link.linkId).lean();
    expect(stored?.createdBy).toMatchObject({ kind: 'staffVerification', institutionId: 'inst-east', verificationMethod: 'idCard', note: '核验户口本' });
    expect(stored?.createdBy.verifiedAt).toEqual(clock.now());
    const viewed = await api().get(`/api/residents/${resident.residentId}/profile`).set(bearer(relative.token));
    expect(viewed.status).toBe(200);
    const again = await api().post(`/api/staff/residents/${resident.residentId}/proxy-links`).set(bearer(doctor.token)).send(body);
    expect(again.body.error.code).toBe('proxy_link_already_active');
    const unknown = await api().post(`/api/staff/residents/${resident.residentId}/proxy-links`).set(bearer(doctor.token)).send({ ...body, proxyAccountId: '0123456789abcdef01234567' });
    expect(unknown.body.error.code).toBe('account_not_found');
  });

  test('full identifiers only for staff, and the resident sees that access', async () => {
    const patient = await boundResident('full-id-patient');
    const doctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    const full = await api().get(`/api/staff/residents/${patient.resident.residentId}/identity`).set(bearer(doctor.token));
    expect(full.body.data).toMatchObject({ idNumber: patient.resident.idNumber, phone: patient.resident.phone });
    const log = await api().get(`/api/residents/${patient.resident.residentId}/audit-entries`).set(bearer(patient.token));
    expect(log.body.data.entries[0]).toMatchObject({ actorKind: 'doctor', action: 'resident.identity.readFull', actionLabel: expect.stringContaining('身份证') });
    const admin = await createAccount(stack, { roles: ['admin'] });
    expect((await api().get(`/api/staff/residents/0123456789abcdef01234567/identity`).set(bearer(admin.token))).body.error.code).toBe('resident_not_found');
    expect((await api().get(`/api/staff/residents/0123456789abcdef01234567/identity`).set(bearer(doctor.token))).body.error.code).toBe('access_denied');
    const adminLog = await api().get(`/api/admin/audit-entries?residentId=${patient.resident.residentId}`).set(bearer(admin.token));
    expect(adminLog.body.data.entries.length).toBeGreaterThanOrEqual(2);
  });

  test('an admin assigns staff roles; the assignment is audited', async () => {
    const admin = await createAccount(stack, { roles: ['admin'] });
    const future = await login('future-cashier');
    const res = await api().post('/api/admin/staff-assignments').set(bearer(admin.token)).send({ accountId: future.accountId, role: 'cashier', pharmacyId: 'ph-9' });
    expect(res.body.data).toEqual({ accountId: future.accountId, roles: ['cashier'], staff: { pharmacyId: 'ph-9' } });
    const me = await api().get('/api/me/profile').set(bearer(future.token));
    expect(me.body.data).toMatchObject({ roles: ['cashier'], staff: { pharmacyId: 'ph-9' } });
    const bad = await api().post('/api/admin/staff-assignments').set(bearer(admin.token)).send({ accountId: future.accountId, role: 'doctor', institutionId: 'x' });
    expect(bad.body.error.code).toBe('validation_failed');
  });
});

describe('notices of proxy actions', () => {
  test('a proxy redemption: one in-app notice, one subscribe message when granted, idempotent by event', async () => {
    const resident = await boundResident('notice-resident');
    const openid = (await stack.service.deps.models.Account.findById(resident.accountId).lean())!.openid;
    await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, templateId: stack.config.identity.proxyActionTemplateId, count: 2 }),
    });
    const event = { eventKey: 'proxy-redemption:checkout-1', residentId: resident.resident.residentId, proxyLinkId: '0123456789abcdef01234567', kind: 'proxy.redemption' as const, title: '家属代您抵扣了120积分', body: '在康宁大药房抵扣120积分（¥12.00）' };
    const first = await notifyResidentOfProxyAction(stack.service.deps, event);
    const second = await notifyResidentOfProxyAction(stack.service.deps, event);
    expect(second).toEqual({ noticeId: first.noticeId, duplicate: true });
    const notices = await api().get(`/api/residents/${resident.resident.residentId}/notices`).set(bearer(resident.token));
    expect(notices.body.data.notices).toEqual([expect.objectContaining({ title: event.title, kind: 'proxy.redemption', read: false })]);
    const { messages } = (await (await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/messages`)).json()) as { messages: Array<{ touser: string; errcode: number }> };
    expect(messages.filter((m) => m.touser === openid).map((m) => m.errcode)).toEqual([0]);
    expect((await stack.service.deps.models.Notice.findById(first.noticeId).lean())?.subscribeMessage).toBe('sent');
  });

  test('without a grant the in-app notice is still written', async () => {
    const resident = await boundResident('notice-no-grant');
    const result = await notifyResidentOfProxyAction(stack.service.deps, { eventKey: 'proxy-redemption:checkout-2', residentId: resident.resident.residentId, proxyLinkId: '0123456789abcdef01234567', kind: 'proxy.redemption', title: '家属代您抵扣了50积分', body: '…' });
    expect((await stack.service.deps.models.Notice.findById(result.noticeId).lean())?.subscribeMessage).toBe('not_subscribed');
  });
});

describe('withdrawing consent', () => {
  test('deactivates the account, revokes sessions and links, keeps the archive; logging in again starts over', async () => {
    const resident = await boundResident('withdrawer');
    const helper = await login('withdrawer-helper');
    await consentAll(helper.token);
    const invite = await api().post(`/api/residents/${resident.resident.residentId}/invitations`).set(bearer(resident.token)).send({ scopes: ['view'] });
    await api().post('/api/invitations/accept').set(bearer(helper.token)).send({ code: invite.body.data.code });

    const res = await api().post('/api/consents/withdraw').set(bearer(resident.token)).send({ confirm: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ withdrawn: ['privacyGuide', 'healthData'], accountDeactivated: true });
    expect((await api().get('/api/me').set(bearer(resident.token))).status).toBe(401);
    expect((await api().get(`/api/residents/${resident.resident.residentId}/profile`).set(bearer(helper.token))).status).toBe(403);
    const archiveDoc = await stack.service.deps.models.Resident.findById(resident.resident.residentId).lean();
    expect(archiveDoc).toMatchObject({ accountId: null, status: 'active' });
    expect((await stack.service.deps.models.Account.findById(resident.accountId).lean())?.status).toBe('deactivated');

    const back = await login('withdrawer');
    const me = await api().get('/api/me/profile').set(bearer(back.token));
    expect(me.body.data).toMatchObject({ resident: null, consents: { privacyGuide: { status: 'withdrawn' }, healthData: { status: 'withdrawn' } } });
    const history = await api().get('/api/me/consents').set(bearer(back.token));
    expect(history.body.data.entries.map((e: { decision: string }) => e.decision)).toEqual(['withdrawn', 'withdrawn', 'accepted', 'accepted']);
    expect((await api().post('/api/consents/withdraw').set(bearer(back.token)).send({ confirm: true })).body.error.code).toBe('consent_not_active');
  });

  test('sessions expire: session_expired', async () => {
    const { token } = await login('expiring');
    clock.advanceMs(stack.config.sessionTtlHours * 3_600_000 + 1000);
    const res = await api().get('/api/me').set(bearer(token));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_expired');
  });
});

describe('privacy at rest', () => {
  test('no plaintext ID number or phone anywhere in the raw database', async () => {
    expect(plaintextIdentifiers.size).toBeGreaterThan(10);
    const db = stack.service.deps.connection.db!;
    const collections = await db.listCollections().toArray();
    expect(collections.map((c) => c.name)).toEqual(expect.arrayContaining(['residents', 'audit_entries', 'proxy_links', 'consents', 'sessions']));
    for (const { name } of collections) {
      const json = JSON.stringify(await db.collection(name).find().toArray());
      for (const value of plaintextIdentifiers) {
        expect({ collection: name, found: json.includes(value) }).toEqual({ collection: name, found: false });
        // Also not the 17 digits before the check character, nor the phone without its first digit.
        expect(json.includes(value.slice(1, 17))).toBe(false);
      }
    }
  });
});
