import { Types } from 'mongoose';
import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { forgetCachedPolicies } from '../../../server/ledger';
import { pointsIssuer } from '../../../server/ledger/pointsIssuer';
import { passbookStatement, passbookSummary } from '../../../server/passbook/passbookReader';
import { createAccount, createBoundResident, createProxyLink, givePoints } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';
import { ledgerLines } from '../../helpers/ledger';

/** The 存折 routes, the policy (current / upcoming / versions / preview), adjustments and the PDF. */
describe('passbook routes', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
  const deps = () => stack.service.deps;
  let adminToken: string;
  let doctorToken: string;
  let otherDoctorToken: string;

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    adminToken = (await createAccount(stack, { roles: ['admin'] })).token;
    doctorToken = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } })).token;
    otherDoctorToken = (await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } })).token;
  });
  afterAll(() => stack.stop());

  const get = (path: string, token: string) => request(stack.url).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object) => request(stack.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const earn = (residentId: string, eventId: string, eventType: 'homeReading' | 'hcyTest' | 'screeningBp', occurredAt = clock.now(), subKey?: string) =>
    pointsIssuer(deps(), { eventId, eventType, residentId, occurredAt, contracted: true, subKey: subKey ?? (eventType === 'homeReading' ? 'bp' : undefined) });

  test('summary: balance, held, available, the expiry notice and this month’s allowance; a proxy with view sees it too', async () => {
    const { resident, account } = await createBoundResident(stack);
    // Points earned in 2025 expire after 2026-12-31: not within 30 days yet.
    await earn(resident.residentId, `e-${resident.residentId}-1`, 'hcyTest', new Date('2025-06-01T02:00:00Z'));
    await earn(resident.residentId, `e-${resident.residentId}-2`, 'screeningBp');
    const res = await get(`/api/residents/${resident.residentId}/passbook`, account.token);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ balancePoints: 50, heldPoints: 0, availablePoints: 50, valueFenPerPoint: 10, expiringSoon: [] });
    expect(res.body.data.thisMonth).toMatchObject({ monthKey: '2026-03', capPoints: 500, usedPoints: 0, remainingPoints: 50, minPoints: 10 });
    // 出示码 shows the same allowance as 存折 (one computation; issue 14 found 500 there and 478 here).
    const code = await post(`/api/residents/${resident.residentId}/redemption-codes`, account.token, {});
    expect(code.body.data).toMatchObject({ availablePoints: 50, monthlyRemainingPoints: 50 });

    const proxy = await createAccount(stack);
    await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: proxy.accountId, scopes: ['view'] });
    expect((await get(`/api/residents/${resident.residentId}/passbook`, proxy.token)).status).toBe(200);

    // 30 days before the end of 2026, the 2025 points show the amber notice.
    // (Read through the command: the test sessions would have expired by December.)
    const saved = clock.now();
    clock.set(new Date('2026-12-10T02:00:00Z'));
    try {
      const late = await passbookSummary(deps(), resident.residentId);
      expect(late.expiringSoon).toEqual([{ points: 30, lastDay: '2026-12-31', text: '30 积分将于 2026年12月31日到期' }]);
    } finally {
      clock.set(saved);
    }
  });

  test('statement: Shanghai dates, plain reasons, +/−, running balance, month and type filters, paging', async () => {
    const { resident, account } = await createBoundResident(stack);
    const rid = resident.residentId;
    // Entries are dated when they are written. 23:30 Beijing time on 28 Feb is 15:30 UTC: February in Shanghai.
    const saved = clock.now();
    clock.set(new Date('2026-02-28T15:30:00Z'));
    await earn(rid, `s-${rid}-feb`, 'hcyTest', clock.now());
    clock.set(saved);
    for (let d = 1; d <= 5; d += 1) await earn(rid, `s-${rid}-r${d}`, 'homeReading', new Date(`2026-03-0${d}T01:00:00Z`));
    await post(`/api/admin/residents/${rid}/points-adjustments`, adminToken, { adjustmentId: `adj-${rid}-1`, deltaPoints: -4, reasonCode: 'duplicate_earning', note: '重复记录扣回' }).expect(201);

    const all = await get(`/api/residents/${rid}/passbook/statement`, account.token);
    expect(all.status).toBe(200);
    const items = all.body.data.items;
    expect(items).toHaveLength(7);
    expect(items[0]).toMatchObject({ kind: 'adjust', points: -4, balanceAfterPoints: 36, reasonText: '扣回重复发放的积分' });
    expect(items[6]).toMatchObject({ kind: 'earn', points: 30, balanceAfterPoints: 30, day: '2026-02-28', time: '23:30', reasonText: '完成同型半胱氨酸检测' });

    const feb = await get(`/api/residents/${rid}/passbook/statement?month=2026-02`, account.token);
    expect(feb.body.data.items.map((i: { points: number }) => i.points)).toEqual([30]);
    const adjust = await get(`/api/residents/${rid}/passbook/statement?type=adjust`, account.token);
    expect(adjust.body.data.items).toHaveLength(1);

    const page1 = await get(`/api/residents/${rid}/passbook/statement?month=2026-03&type=earn&pageSize=3`, account.token);
    expect(page1.body.data.items).toHaveLength(3);
    expect(page1.body.data.nextCursor).toEqual(expect.any(String));
    const page2 = await get(`/api/residents/${rid}/passbook/statement?month=2026-03&type=earn&pageSize=3&cursor=${encodeURIComponent(page1.body.data.nextCursor)}`, account.token);
    expect(page2.body.data.items).toHaveLength(2);
    expect(page2.body.data.nextCursor).toBeNull();
    expect([...page1.body.data.items, ...page2.body.data.items].map((i: { balanceAfterPoints: number }) => i.balanceAfterPoints)).toEqual([40, 38, 36, 34, 32]);

    expect((await get(`/api/residents/${rid}/passbook/statement?month=2026-13`, account.token)).status).toBe(400);
    expect((await get(`/api/residents/${rid}/passbook/statement?type=gift`, account.token)).status).toBe(400);
  });

  test('adjustments: reason required (Chinese), idempotent by id, never below available, audited', async () => {
    const { resident } = await createBoundResident(stack);
    const rid = resident.residentId;
    const path = `/api/admin/residents/${rid}/points-adjustments`;
    const noReason = await post(path, adminToken, { adjustmentId: `adj-${rid}-0`, deltaPoints: 10, reasonCode: 'missed_earning', note: ' ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('请填写调整原因');
    const first = await post(path, adminToken, { adjustmentId: `adj-${rid}-1`, deltaPoints: 10, reasonCode: 'missed_earning', note: '补记 3 月血压筛查' });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ result: 'adjusted', balancePoints: 10 });
    const again = await post(path, adminToken, { adjustmentId: `adj-${rid}-1`, deltaPoints: 10, reasonCode: 'missed_earning', note: '补记 3 月血压筛查' });
    expect(again.body.data).toMatchObject({ result: 'exists', balancePoints: 10 });
    const otherAmount = await post(path, adminToken, { adjustmentId: `adj-${rid}-1`, deltaPoints: 20, reasonCode: 'missed_earning', note: '补记 3 月血压筛查' });
    expect(otherAmount.status).toBe(409);
    expect(otherAmount.body.error.code).toBe('exists_with_different_amount');
    const tooMuch = await post(path, adminToken, { adjustmentId: `adj-${rid}-2`, deltaPoints: -11, reasonCode: 'correction', note: '更正' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.message).toBe('调整后可用积分将为负数');
    const audit = await deps().models.AuditEntry.find({ subjectResidentId: new Types.ObjectId(rid), action: 'resident.points.adjust' }).lean();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit[0]?.what).toMatchObject({ deltaPoints: 10, reasonCode: 'missed_earning', note: '补记 3 月血压筛查' });
    expect((await post(path, doctorToken, { adjustmentId: `adj-${rid}-3`, deltaPoints: 5, reasonCode: 'other', note: '医生不能调' })).status).toBe(403);
  });

  test('policy: future-only versions, shown to residents beforehand, never taking back earned points', async () => {
    const { resident, account } = await createBoundResident(stack);
    const rid = resident.residentId;
    await earn(rid, `p-${rid}-1`, 'homeReading');
    const before = await request(stack.url).get('/api/points-policy/current');
    expect(before.status).toBe(200);
    expect(before.body.data.current.earning.find((r: { eventType: string }) => r.eventType === 'homeReading')).toMatchObject({ points: 2, limitText: '每项每天最多 1 次，每月最多 60 积分' });
    expect(before.body.data.upcoming).toBeNull();

    // Never retroactive: today or the past is refused with a Chinese message.
    const past = await post('/api/admin/points-policies', adminToken, { effectiveFrom: '2026-03-10', earningRules: { homeReading: { points: 1 } } });
    expect(past.status).toBe(422);
    expect(past.body.error.message).toBe('新规则的生效日期必须晚于今天');
    const badDate = await post('/api/admin/points-policies', adminToken, { effectiveFrom: '2026-02-30' });
    expect(badDate.status).toBe(400);
    const negative = await post('/api/admin/points-policies', adminToken, { effectiveFrom: '2026-04-01', earningRules: { homeReading: { points: -1 } } });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body)).toContain('积分不能为负数');
    expect((await post('/api/admin/points-policies', doctorToken, { effectiveFrom: '2026-04-01' })).status).toBe(403);

    // Preview first: five readings of one measure on one day, and a phone follow-up.
    const preview = await post('/api/admin/points-policies/preview', adminToken, {
      draft: { earningRules: { homeReading: { points: 5, dailyCapPoints: 10 } } },
      events: [
        { eventType: 'homeReading', subKey: 'bp', count: 5 },
        { eventType: 'phoneFollowUp', contracted: false },
      ],
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({ currentTotalPoints: 2, draftTotalPoints: 10, problems: [] });
    expect(preview.body.data.lines[1]).toMatchObject({ label: '完成电话随访', currentPoints: 0, draftPoints: 0 });

    const created = await post('/api/admin/points-policies', adminToken, { effectiveFrom: '2026-04-01', earningRules: { homeReading: { points: 5, dailyCapPoints: 10 } } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ version: 2, effectiveFrom: '2026-04-01' });
    expect(created.body.data.changes).toContain('记录家庭自测数据：每次 2 积分 → 5 积分');

    const list = await get('/api/admin/points-policies', adminToken);
    expect(list.body.data.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'upcoming'],
      [1, 'current'],
    ]);

    // Residents see it before it takes effect.
    const notice = await request(stack.url).get('/api/points-policy/current');
    expect(notice.body.data.upcoming).toMatchObject({ effectiveFrom: '2026-04-01', noticeText: '新规则将于 2026年4月1日生效' });
    expect(notice.body.data.current.version).toBe(1);

    // A reading still in March earns under version 1; after 1 April under version 2; March's points stay.
    await earn(rid, `p-${rid}-2`, 'homeReading', new Date('2026-03-31T15:00:00Z'), 'glucose');
    clock.set(new Date('2026-04-01T02:00:00Z'));
    forgetCachedPolicies(deps());
    try {
      await earn(rid, `p-${rid}-3`, 'homeReading', clock.now());
      const statement = await passbookStatement(deps(), { residentId: rid });
      expect(statement.items.map((i) => [i.points, i.balanceAfterPoints])).toEqual([
        [5, 9],
        [2, 4],
        [2, 2],
      ]);
      const entries = await ledgerLines(deps(), { residentId: rid });
      expect(entries.map((e) => e.policyVersion)).toEqual([1, 1, 2]);
      const after = await request(stack.url).get('/api/points-policy/current');
      expect(after.body.data.current.version).toBe(2);
      expect(after.body.data.upcoming).toBeNull();
    } finally {
      clock.set(new Date('2026-03-10T02:00:00Z'));
      forgetCachedPolicies(deps());
    }
    expect((await get(`/api/residents/${rid}/passbook/statement`, account.token)).body.data.items).toHaveLength(3);
  });

  test('printable statement (PDF): the team’s doctor and admins only, audited, a real PDF', async () => {
    const { resident, account } = await createBoundResident(stack);
    const rid = resident.residentId;
    await earn(rid, `pdf-${rid}-1`, 'screeningBp');
    await givePoints(stack, rid, 15);
    const path = `/api/staff/residents/${rid}/passbook/statement.pdf`;
    const res = await request(stack.url)
      .get(path)
      .set('Authorization', `Bearer ${doctorToken}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('attachment');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(5_000);
    expect(body.length).toBeLessThan(5_000_000);
    // The ID number never appears (the PDF text is in a CJK font, so check the raw bytes for the digits).
    expect(body.includes(Buffer.from(resident.idNumber))).toBe(false);
    expect((await get(`${path}?from=2026-01&to=2026-03`, adminToken)).status).toBe(200);
    expect((await get(`${path}?from=2026-03&to=2026-01`, adminToken)).status).toBe(400);
    expect((await get(path, account.token)).status).toBe(403);
    expect((await get(path, otherDoctorToken)).status).toBe(403);
    const audit = await deps().models.AuditEntry.find({ subjectResidentId: new Types.ObjectId(rid), action: 'resident.points.print' }).lean();
    expect(audit.map((a) => a.actor.kind).sort()).toEqual(['admin', 'doctor']);
  });
});
