import { addCalendarDays, shanghaiDate } from '../../../shared/time/shanghai';
import { sessionCreator } from '../../../server/auth/sessions';
import { consentDocuments } from '../../../server/identity/consentDocuments';
import { refreshReportAggregates } from '../../../server/reports/aggregates';
import { pointsEventConsumer } from '../../../server/passbook/eventConsumer';
import { demoHospitalId } from '../../../server/comanagement/demoComanagement';
import { demoPharmacyId, demoResidents, seedDemoData } from '../../../server/dev/seed';
import { openidFor } from '../../../server/dev/simulators/wechatApi';
import { createAccount, createProxyLink, createSlot, createStatementFixture, givePoints, newClientReadingId } from '../../helpers/factories';
import type { TestStack } from '../../helpers/stack';

/**
 * The data every page needs to show real content, not an empty state: the demo seed that
 * `npm start` shows (three residents with three months of readings, follow-ups, a contract, lab
 * results, points; a doctor, an admin, a pharmacy and its cashier), plus what only an account in
 * use produces — 王建国 bound to his phone, his daughter as a family proxy who logged a reading
 * for him, an urgent reading the team has not handled, a booking for tomorrow, a checkout waiting
 * at the till, a settlement statement, report figures, a specialist's 接诊服务记录单 and a referral
 * up for him, a health talk.
 */
export const auditHints = {
  resident: 'audit-resident',
  relative: 'audit-daughter',
  /** 刘秀英 (hypertension and diabetes), whose checkout waits at the till. */
  neighbour: 'audit-neighbour',
  doctor: 'demo-doctor',
  /** The county hospital's specialist who co-manages the demo clinic (issue 17). */
  specialist: 'demo-specialist',
  admin: 'demo-admin',
  cashier: 'demo-cashier',
  /** A new WeChat user who has agreed to nothing yet (consent pages). */
  newcomer: 'audit-newcomer',
  /** Agreed to both documents, no archive yet (binding). */
  unbound: 'audit-unbound',
  /** Declined the health-data consent. */
  declined: 'audit-declined',
} as const;

export interface AuditWorld {
  residentId: string;
  dueItemKey: string;
  checkoutId: string;
  educationItemId: string;
}

export async function seedAuditWorld(stack: TestStack): Promise<AuditWorld> {
  const deps = stack.service.deps;
  const openid = (hint: string) => openidFor(stack.config.wechat.appId, hint);
  await seedDemoData(deps);

  const api = async (token: string, method: string, path: string, body?: object) => {
    const response = await fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = (await response.json()) as { data?: Record<string, unknown> };
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json.data ?? {};
  };
  /** A session of an account the demo seed created (staff), for set-up through the API. */
  const staffToken = async (hint: string) => {
    const account = await deps.models.Account.findOne({ openid: openid(hint) }).lean();
    if (!account) throw new Error(`the demo seed has no account for ${hint}`);
    return (await sessionCreator(deps, { accountId: account._id, userAgent: 'audit' })).token;
  };
  const adminToken = await staffToken(auditHints.admin);
  // The demo seed registers the clinic and its teams (co-management needs them); the report's rates need targets.
  await api(adminToken, 'PATCH', '/api/admin/institutions/inst-demo-east', { name: '东城社区卫生服务中心', targetPopulation: 12 });
  await api(adminToken, 'PATCH', '/api/admin/teams/team-demo-1', { name: '东城家庭医生一队', targetPopulation: 6 });
  const cashierToken = await staffToken(auditHints.cashier);

  // 王建国 on his own phone; his daughter may do everything for him.
  const wang = await deps.models.Resident.findOne({ institutionId: 'inst-demo-east', name: demoResidents[0].name }).lean();
  if (!wang) throw new Error('the demo seed has no 王建国');
  const residentId = String(wang._id);
  const resident = await createAccount(stack, { openid: openid(auditHints.resident), residentId });
  const daughter = await createAccount(stack, { openid: openid(auditHints.relative) });
  await createProxyLink(stack, { residentId, proxyAccountId: daughter.accountId, scopes: ['view', 'logReadings', 'book', 'redeem'], relationship: '女儿' });
  await createAccount(stack, { openid: openid(auditHints.newcomer), consents: false });
  await createAccount(stack, { openid: openid(auditHints.unbound) });
  const declined = await createAccount(stack, { openid: openid(auditHints.declined), consents: false });
  await api(declined.token, 'POST', '/api/consents', { document: 'privacyGuide', version: consentDocuments.privacyGuide.version, decision: 'accepted' });
  await api(declined.token, 'POST', '/api/consents', { document: 'healthData', version: consentDocuments.healthData.version, decision: 'declined' });

  // This week's readings: his, one his daughter entered, and an urgent one the team has not handled.
  const now = deps.clock.now();
  const at = (daysAgo: number, hour: number) => new Date(now.getTime() - daysAgo * 86_400_000 - hour * 60_000).toISOString();
  const log = (token: string, body: object) => api(token, 'POST', `/api/residents/${residentId}/readings`, { clientReadingId: newClientReadingId(), ...body });
  await log(resident.token, { measure: 'glucose', measuredAt: at(3, 30), timing: 'fasting', glucoseMmolL: 6.4 });
  await log(resident.token, { measure: 'glucose', measuredAt: at(1, 30), timing: 'postprandial2h', glucoseMmolL: 8.9 });
  await log(resident.token, { measure: 'weight', measuredAt: at(2, 20), weightKg: 68.5 });
  await log(daughter.token, { measure: 'bp', measuredAt: at(1, 10), timeOfDay: 'evening', readings: [{ systolicMmHg: 138, diastolicMmHg: 86 }, { systolicMmHg: 136, diastolicMmHg: 84 }] });
  await log(resident.token, { measure: 'bp', measuredAt: at(0, 5), timeOfDay: 'morning', readings: [{ systolicMmHg: 186, diastolicMmHg: 114 }, { systolicMmHg: 182, diastolicMmHg: 112 }] });

  // A booking for tomorrow (a reminder is due) of the first due follow-up.
  const due = (await api(resident.token, 'GET', `/api/residents/${residentId}/due-items`)) as { items?: Array<{ key: string; kind: string }> };
  const items = due.items ?? [];
  const bookable = items.find((item) => item.kind === 'faceToFaceFollowUp' || item.kind === 'phoneFollowUp') ?? items[0];
  if (!bookable) throw new Error('王建国 has nothing due');
  const slot = await createSlot(stack, { institutionId: 'inst-demo-east', teamId: 'team-demo-1', daysAhead: 1, startTime: '09:00', endTime: '10:00' });
  await api(resident.token, 'POST', `/api/residents/${residentId}/bookings`, { slotId: slot.slotId, dueItemKey: bookable.key }).catch(() => undefined);
  const remaining = items.find((item) => item.key !== bookable.key) ?? bookable;

  // Points: enough to redeem; a checkout waiting for his confirmation at the till.
  await givePoints(stack, residentId, 800);
  await pointsEventConsumer(deps);
  // (刘秀英's, so 王建国's own 出示码 page is not taken over by a checkout in progress.)
  const liu = await deps.models.Resident.findOne({ institutionId: 'inst-demo-east', name: demoResidents[1].name }).lean();
  if (!liu) throw new Error('the demo seed has no 刘秀英');
  const neighbour = await createAccount(stack, { openid: openid(auditHints.neighbour), residentId: String(liu._id) });
  await givePoints(stack, String(liu._id), 600);
  const code = (await api(neighbour.token, 'POST', `/api/residents/${String(liu._id)}/redemption-codes`)) as { code: string };
  const checkout = (await api(cashierToken, 'POST', `/api/pharmacies/${demoPharmacyId}/checkouts`, { code: code.code, totalFen: 18_600, selfPaidFen: 9_600, eligibleSelfPaidFen: 6_000 })) as { checkoutId: string };
  // 医防融合 (issue 17): the specialist's 接诊服务记录单 for him (advice, a review date, a survey to
  // answer), the team's referral up waiting at the county hospital, a health talk on the team's list.
  const specialistToken = await staffToken(auditHints.specialist);
  const doctorToken = await staffToken(auditHints.doctor);
  const today = shanghaiDate(now);
  await api(specialistToken, 'POST', `/api/specialist/residents/${residentId}/visits`, {
    clientRequestId: 'audit-visit-1',
    specialistName: '周主任',
    department: '心内科',
    setting: 'outreachClinic',
    visitedOn: addCalendarDays(today, -1),
    findings: '近两次随访血压 158/96、162/98，服药规律，无水肿',
    planChanges: [{ kind: 'medication', text: '氨氯地平加量至 10mg 每日一次' }],
    adviceToTeam: '两周后复测血压，关注下肢水肿',
    adviceToResident: '降压药加了一点量，每天早上按时吃；少吃咸的，早晚各量一次血压。',
    nextReviewOn: addCalendarDays(today, 30),
  });
  await api(doctorToken, 'POST', `/api/staff/residents/${residentId}/referrals`, { clientRequestId: 'audit-referral-1', toInstitutionId: demoHospitalId, toDepartment: '心内科', reason: '连续两次随访血压控制不满意，请进一步评估', urgency: 'urgent', greenChannel: true });
  await api(doctorToken, 'POST', `/api/staff/residents/${String(liu._id)}/specialist-review-requests`, { clientRequestId: 'audit-review-1', note: '三联降压药血压仍 160/100，请评估是否继发性高血压' });
  const talkStartsAt = new Date(now.getTime() + 2 * 86_400_000);
  await api(doctorToken, 'POST', '/api/staff/education-classes', { title: '高血压自我管理讲座', topic: 'selfMonitoring', place: '社区卫生服务中心三楼会议室', startsAt: talkStartsAt.toISOString(), endsAt: new Date(talkStartsAt.getTime() + 90 * 60_000).toISOString() });
  const educationItem = await deps.models.EducationItem.findOne({ status: 'published' }).sort({ _id: 1 }).lean();
  if (!educationItem) throw new Error('the demo seed has no health knowledge');

  await createStatementFixture(stack, { pharmacyId: demoPharmacyId, periodKey: `${addCalendarDays(shanghaiDate(now), -40).slice(0, 7)}` });
  await refreshReportAggregates(deps);

  return { residentId, dueItemKey: remaining.key, checkoutId: checkout.checkoutId, educationItemId: String(educationItem._id) };
}
