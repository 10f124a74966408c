import { Types } from 'mongoose';
import request from 'supertest';
import { apiRoutes } from '../../../server/routes';
import {
  ALL_SCOPES,
  createAccount,
  createAlert,
  createBookingFixture,
  createBoundResident,
  createCheckoutFixture,
  createEducationItemFixture,
  createIntegrationClient,
  createPharmacy,
  createProxyLink,
  createReferralFixture,
  createResident,
  createStatementFixture,
  giveDueFollowUps,
  newClientReadingId,
  openComanagementCase,
} from '../../helpers/factories';
import { signedHeaders } from '../../../server/integration/signature';
import { startTestStack, type TestStack } from '../../helpers/stack';

let statementFixtureCount = 0;

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
  'doctorSame', // doctor of R's institution and team, and its team lead
  'doctorOther', // doctor of another institution
  'specialist', // specialist of hosp-county assigned to R's institution (R is in co-management)
  'specialistOther', // specialist of hosp-city assigned to another institution
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
  alertId: string;
  checkoutId: string;
  statementId: string;
  bookingId: string;
  slotId: string;
  referralId: string;
  educationItemId: string;
}

interface Row {
  request(world: World): { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body?: object };
  expect: Expectation;
  /** Changes state a later cell would see (revocations, new links): give each cell a world of its own. */
  fresh?: boolean;
  /** HMAC-signed clinic-system route: no session of any role gets in (401); signed requests are tested below. */
  integration?: boolean;
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
  'residents.proxyActivity': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/proxy-activity` }), expect: only('own', 'admin') },
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
  // Issue 4: integration API (sessions never get in), readings, records, alerts.
  ...Object.fromEntries(
    (
      [
        ['archive', 'archives'],
        ['diagnosis', 'diagnoses'],
        ['contract', 'contracts'],
        ['screening', 'screenings'],
        ['labResult', 'lab-results'],
        ['followUp', 'follow-ups'],
        ['medicationPlan', 'medication-plans'],
        ['intervention', 'interventions'],
        ['kioskReading', 'kiosk-readings'],
      ] as const
    ).map(([type, segment]) => [
      `integration.put.${type}`,
      { request: () => ({ method: 'put' as const, path: `/api/integration/${segment}/X1`, body: {} }), expect: only(), integration: true },
    ]),
  ),
  'integration.import': { request: () => ({ method: 'post', path: '/api/integration/import', body: {} }), expect: only(), integration: true },
  'readings.log': {
    request: (w) => ({
      method: 'post',
      path: `/api/residents/${w.residentId}/readings`,
      body: { measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: new Date().toISOString(), timing: 'fasting', glucoseMmolL: 6.1 },
    }),
    expect: only('own', 'proxyWithScope', 'doctorSame'),
  },
  'records.readingHistory': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/readings?measure=bp&days=7` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'records.controlStatus': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/control-status` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'records.archive': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/records` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'records.cardiovascularRisk': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/cardiovascular-risk` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'staff.recordRiskFactors': { request: (w) => ({ method: 'put', path: `/api/staff/residents/${w.residentId}/risk-factors`, body: { smokingStatus: 'never' } }), expect: only('doctorSame') },
  'records.exportReadingsCsv': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/readings/export.csv` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'records.exportReadingsPdf': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/readings/export.pdf` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'records.alerts': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/alerts` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  // Any doctor may list; the list holds only their own team's alerts (tested in test/integration/records).
  'staff.alerts': { request: () => ({ method: 'get', path: '/api/staff/alerts' }), expect: only('doctorSame', 'doctorOther') },
  'staff.acknowledgeAlert': { request: (w) => ({ method: 'post', path: `/api/staff/alerts/${w.alertId}/acknowledge` }), expect: only('doctorSame'), fresh: true },
  'staff.closeAlert': { request: (w) => ({ method: 'post', path: `/api/staff/alerts/${w.alertId}/close`, body: { note: '已电话联系' } }), expect: only('doctorSame'), fresh: true },

  'admin.assignStaff': {
    request: (w) => ({ method: 'post', path: '/api/admin/staff-assignments', body: { accountId: w.spareAccountId, role: 'cashier', pharmacyId: 'ph-2' } }),
    expect: only('admin'),
    fresh: true,
  },

  // Pharmacies, redemption codes, checkouts, WeChat Pay, settlement (issue 7). Business refusals
  // (404, 409, 410, 422) count as "allow": they come after authorization said yes.
  'admin.registerPharmacy': {
    request: () => ({ method: 'post', path: '/api/admin/pharmacies', body: { name: '矩阵药房', licenceNumber: `LIC-${new Types.ObjectId().toHexString()}`, address: '测试路 2 号', settlement: { accountName: '矩阵药房', bankName: '测试银行', accountNumber: '62220000' } } }),
    expect: only('admin'),
  },
  'admin.listPharmacies': { request: () => ({ method: 'get', path: '/api/admin/pharmacies' }), expect: only('admin') },
  'admin.issueCashierInvitation': { request: () => ({ method: 'post', path: '/api/admin/pharmacies/ph-1/cashier-invitations' }), expect: only('admin') },
  'cashier.acceptInvitation': { request: () => ({ method: 'post', path: '/api/cashier-invitations/accept', body: { code: 'AAAA-AAAA' } }), expect: signedIn() },
  'pharmacies.profile': { request: () => ({ method: 'get', path: '/api/pharmacies/ph-1' }), expect: only('cashier', 'admin') },
  'residents.issueRedemptionCode': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/redemption-codes` }),
    expect: only('own', 'proxyWithScope', 'proxyWithoutScope'),
  },
  'pharmacies.createCheckout': {
    request: () => ({ method: 'post', path: '/api/pharmacies/ph-1/checkouts', body: { code: '000000000000000000', totalFen: 1000, selfPaidFen: 800, eligibleSelfPaidFen: 600 } }),
    expect: only('cashier'),
  },
  'pharmacies.listCheckouts': { request: () => ({ method: 'get', path: '/api/pharmacies/ph-1/checkouts' }), expect: only('cashier', 'admin') },
  'checkouts.get': { request: (w) => ({ method: 'get', path: `/api/checkouts/${w.checkoutId}` }), expect: only('cashier', 'admin') },
  'checkouts.counterPayment': { request: (w) => ({ method: 'post', path: `/api/checkouts/${w.checkoutId}/counter-payment`, body: { amountFen: 1 } }), expect: only('cashier') },
  'checkouts.cancel': { request: (w) => ({ method: 'post', path: `/api/checkouts/${w.checkoutId}/cancel` }), expect: only('cashier'), fresh: true },
  'checkouts.refund': { request: (w) => ({ method: 'post', path: `/api/checkouts/${w.checkoutId}/refunds`, body: { refundFen: 100 } }), expect: only('cashier') },
  'residents.listCheckouts': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/checkouts` }), expect: only('own', 'proxyWithScope', 'proxyWithoutScope') },
  'residents.getCheckout': {
    request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/checkouts/${w.checkoutId}` }),
    expect: only('own', 'proxyWithScope', 'proxyWithoutScope'),
  },
  'residents.confirmCheckout': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/checkouts/${w.checkoutId}/confirm`, body: {} }),
    expect: only('own', 'proxyWithScope', 'proxyWithoutScope'),
    fresh: true,
  },
  'residents.payCheckoutWithWechat': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/checkouts/${w.checkoutId}/wechat-payment` }),
    expect: only('own', 'proxyWithScope', 'proxyWithoutScope'),
  },
  'residents.declineCheckout': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/checkouts/${w.checkoutId}/decline` }),
    expect: only('own', 'proxyWithScope', 'proxyWithoutScope'),
    fresh: true,
  },
  // Public: WeChat Pay calls it. An unsigned body is refused by the signature check (400), not by authorization.
  'payments.wechatNotify': { request: () => ({ method: 'post', path: '/api/payments/wechat/notify', body: { id: 'x' } }), expect: everyone() },
  'dev.wechatPayConfirm': { request: () => ({ method: 'post', path: '/api/dev/wechat/pay/confirm', body: { package: 'prepay_id=wx-none' } }), expect: signedIn() },
  'pharmacies.listStatements': { request: () => ({ method: 'get', path: '/api/pharmacies/ph-1/settlements' }), expect: only('cashier', 'admin') },
  'settlements.get': { request: (w) => ({ method: 'get', path: `/api/settlements/${w.statementId}` }), expect: only('cashier', 'admin') },
  'settlements.csv': { request: (w) => ({ method: 'get', path: `/api/settlements/${w.statementId}/csv` }), expect: only('cashier', 'admin') },
  'settlements.confirm': { request: (w) => ({ method: 'post', path: `/api/settlements/${w.statementId}/confirm` }), expect: only('cashier') },
  'settlements.approve': { request: (w) => ({ method: 'post', path: `/api/settlements/${w.statementId}/approve` }), expect: only('admin') },
  'settlements.markPaid': { request: (w) => ({ method: 'post', path: `/api/settlements/${w.statementId}/paid`, body: { paymentReference: 'PAY-1' } }), expect: only('admin') },
  'admin.generateStatements': { request: () => ({ method: 'post', path: '/api/admin/settlements/generate', body: { periodKey: '2000-02' } }), expect: only('admin') },
  'admin.settlementReconciliation': { request: () => ({ method: 'get', path: '/api/admin/settlements/reconciliation?periodKey=2000-01' }), expect: only('admin') },

  // Follow-ups (issue 5): a doctor's own team (any doctor manages their own team's slots and day list;
  // only R's team touches R's bookings), booking = `book`, reading due items/history/reminders = `view`.
  'staff.publishSlot': {
    request: () => ({ method: 'post', path: '/api/staff/availability', body: { place: 'clinic', date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), startTime: '09:00', endTime: '10:00', capacity: 2 } }),
    expect: only('doctorSame', 'doctorOther'),
  },
  'staff.listSlots': { request: () => ({ method: 'get', path: '/api/staff/availability' }), expect: only('doctorSame', 'doctorOther') },
  'staff.bookingsOfDay': { request: () => ({ method: 'get', path: '/api/staff/bookings' }), expect: only('doctorSame', 'doctorOther') },
  'staff.markAttended': { request: (w) => ({ method: 'post', path: `/api/staff/bookings/${w.bookingId}/attended` }), expect: only('doctorSame') },
  'staff.markNoShow': { request: (w) => ({ method: 'post', path: `/api/staff/bookings/${w.bookingId}/no-show` }), expect: only('doctorSame') },
  'staff.recordFollowUp': { request: (w) => ({ method: 'post', path: `/api/staff/bookings/${w.bookingId}/follow-up`, body: { form: 'hypertension' } }), expect: only('doctorSame') },
  // A visit date in the future: refused by the form check (422) once past authorization, so nothing is recorded.
  'staff.recordResidentFollowUp': {
    request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/follow-ups`, body: { clientRecordId: newClientReadingId(), form: 'hypertension', visitedOn: '2099-01-01' } }),
    expect: only('doctorSame'),
  },
  'residents.availability': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/availability` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'residents.listBookings': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/bookings` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'residents.createBooking': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/bookings`, body: { slotId: w.slotId, dueItemKey: 'phoneFollowUp:1999-01-01' } }),
    expect: only('own', 'proxyWithScope', 'doctorSame'),
  },
  'residents.rescheduleBooking': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/bookings/${w.bookingId}/reschedule`, body: { slotId: w.slotId } }),
    expect: only('own', 'proxyWithScope', 'doctorSame'),
  },
  'residents.cancelBooking': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/bookings/${w.bookingId}/cancel` }), expect: only('own', 'proxyWithScope', 'doctorSame'), fresh: true },
  'residents.dueItems': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/due-items` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'residents.followUpHistory': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/follow-ups` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'residents.reminders': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/reminders` }), expect: only('own', 'proxyWithScope') },
  'residents.markRemindersRead': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/reminders/read` }), expect: only('own', 'proxyWithScope') },
  // The passbook (issue 6): the 存折 reads, the clinic's printed statement, policy and corrections.
  'passbook.summary': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/passbook` }), expect: only('own', 'proxyWithScope', 'doctorSame', 'admin') },
  'passbook.statement': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/passbook/statement?type=earn` }), expect: only('own', 'proxyWithScope', 'doctorSame', 'admin') },
  'staff.passbookStatementPdf': { request: (w) => ({ method: 'get', path: `/api/staff/residents/${w.residentId}/passbook/statement.pdf` }), expect: only('doctorSame', 'admin') },
  'pointsPolicy.current': { request: () => ({ method: 'get', path: '/api/points-policy/current' }), expect: everyone() },
  'admin.pointsPolicies.list': { request: () => ({ method: 'get', path: '/api/admin/points-policies' }), expect: only('admin') },
  // A date in the past: refused by the business rule (422) once past authorization, so nothing is published.
  'admin.pointsPolicies.create': { request: () => ({ method: 'post', path: '/api/admin/points-policies', body: { effectiveFrom: '2000-01-01' } }), expect: only('admin') },
  'admin.pointsPolicies.preview': {
    request: () => ({ method: 'post', path: '/api/admin/points-policies/preview', body: { draft: { earningRules: { homeReading: { points: 3 } } }, events: [{ eventType: 'homeReading', subKey: 'bp' }] } }),
    expect: only('admin'),
  },
  'admin.pointsAdjustments.create': {
    request: (w) => ({ method: 'post', path: `/api/admin/residents/${w.residentId}/points-adjustments`, body: { adjustmentId: `matrix-${new Types.ObjectId().toHexString()}`, deltaPoints: 1, reasonCode: 'correction', note: '矩阵测试' } }),
    expect: only('admin'),
  },
  // Programme reports, the doctor panel and institution/team administration (issue 8).
  'admin.reports.programme': { request: () => ({ method: 'get', path: '/api/admin/reports/programme?year=2026' }), expect: only('admin') },
  'admin.reports.programmeCsv': { request: () => ({ method: 'get', path: '/api/admin/reports/programme.csv?year=2026' }), expect: only('admin') },
  'staff.panel': { request: () => ({ method: 'get', path: '/api/staff/panel' }), expect: only('doctorSame', 'doctorOther') },
  'staff.notices': { request: () => ({ method: 'get', path: '/api/staff/notices' }), expect: only('doctorSame', 'doctorOther') },
  'staff.revealResidentPhone': { request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/phone`, body: { reason: '预警电话联系' } }), expect: only('doctorSame') },
  // The doctor's detail screen and own entries for a resident of their team (issue 8, server side).
  // The entries are refused by business rules once past authorization (a period that has ended;
  // an implausible Hcy), so the shared world's resident gets no new contract or lab result.
  'staff.residentSummary': { request: (w) => ({ method: 'get', path: `/api/staff/residents/${w.residentId}` }), expect: only('doctorSame') },
  'staff.signContract': {
    request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/contracts`, body: { clientRequestId: newClientReadingId(), servicePackage: 'basic', startsOn: '2000-01-01', endsOn: '2000-12-31' } }),
    expect: only('doctorSame'),
  },
  'staff.recordScreening': {
    request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/screenings`, body: { clientRequestId: newClientReadingId(), values: { hcyUmolL: 900 } } }),
    expect: only('doctorSame'),
  },
  // Marking a notice read: the caller's own notices only (an unknown id is 404 past authorization).
  'staff.markNoticeRead': { request: () => ({ method: 'post', path: `/api/staff/notices/${new Types.ObjectId().toHexString()}/read` }), expect: only('doctorSame', 'doctorOther') },
  'residents.markNoticeRead': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/notices/${new Types.ObjectId().toHexString()}/read` }), expect: only('own') },
  'admin.institutions.create': { request: () => ({ method: 'post', path: '/api/admin/institutions', body: { institutionId: `inst-m-${new Types.ObjectId().toHexString()}`, name: '矩阵卫生院' } }), expect: only('admin') },
  'admin.institutions.list': { request: () => ({ method: 'get', path: '/api/admin/institutions' }), expect: only('admin') },
  'admin.institutions.update': { request: () => ({ method: 'patch', path: '/api/admin/institutions/inst-east', body: { targetPopulation: 1000 } }), expect: only('admin') },
  'admin.teams.create': { request: () => ({ method: 'post', path: '/api/admin/teams', body: { teamId: `team-m-${new Types.ObjectId().toHexString()}`, institutionId: 'inst-east', name: '矩阵团队' } }), expect: only('admin') },
  'admin.teams.list': { request: () => ({ method: 'get', path: '/api/admin/teams' }), expect: only('admin') },
  'admin.teams.update': { request: () => ({ method: 'patch', path: '/api/admin/teams/team-east-1', body: { targetPopulation: 500 } }), expect: only('admin') },
  // Medication and meters (issue 16): reading = `view` and the team; confirming a dose = the resident
  // or `logReadings` (never the doctor); plans = the resident's team; syncing a home meter = the
  // resident or `logReadings`. Business refusals (404 unknown plan, 422 dose not today) are "allow".
  'medication.today': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/medication/today` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'medication.plans': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/medication/plans` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'medication.recordDose': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/medication/doses`, body: { planId: new Types.ObjectId().toHexString(), time: '08:00', status: 'taken' } }),
    expect: only('own', 'proxyWithScope'),
  },
  // The one allowed cell gives the shared world's resident a plan; nothing else reads it.
  'staff.createMedicationPlan': {
    request: (w) => ({
      method: 'post',
      path: `/api/staff/residents/${w.residentId}/medication-plans`,
      body: { clientRequestId: newClientReadingId(), drugName: '矩阵片', doseText: '1片', timesOfDay: ['08:00'], startedOn: '2026-03-10' },
    }),
    expect: only('doctorSame'),
  },
  'staff.changeMedicationPlan': {
    request: (w) => ({
      method: 'put',
      path: `/api/staff/residents/${w.residentId}/medication-plans/${new Types.ObjectId().toHexString()}`,
      body: { clientRequestId: newClientReadingId(), expectedVersion: 1, drugName: '矩阵片', doseText: '1片', timesOfDay: ['08:00'], startedOn: '2026-03-10' },
    }),
    expect: only('doctorSame'),
  },
  'meters.list': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/meters` }), expect: only('own', 'proxyWithScope') },
  // No records: nothing is imported, the meter is remembered (harmless for the shared world).
  'meters.import': {
    request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/meter-imports`, body: { meter: { deviceId: 'MATRIX-METER', name: '矩阵血压计', profile: 'bloodPressure' }, records: [] } }),
    expect: only('own', 'proxyWithScope'),
  },

  // 医防融合 co-management and 双向转诊 (issue 17): a specialist assigned to R's institution reviews R
  // (in co-management) and records visits; the receiving hospital's specialists answer referrals; R's
  // team reads, asks for reviews, refers and withdraws. A visit dated tomorrow and a referral to a
  // primary-care institution are refused (422) once past authorization, so the shared world keeps
  // no record; steps on a referral get a fresh one.
  'specialist.queue': { request: () => ({ method: 'get', path: '/api/specialist/queue' }), expect: only('specialist', 'specialistOther') },
  'specialist.residentReview': { request: (w) => ({ method: 'get', path: `/api/specialist/residents/${w.residentId}` }), expect: only('specialist') },
  'specialist.recordVisit': {
    request: (w) => ({
      method: 'post',
      path: `/api/specialist/residents/${w.residentId}/visits`,
      body: { clientRequestId: newClientReadingId(), specialistName: '周主任', setting: 'online', visitedOn: '2099-01-01', findings: '矩阵', adviceToResident: '矩阵' },
    }),
    expect: only('specialist'),
  },
  'specialist.referralInbox': { request: () => ({ method: 'get', path: '/api/specialist/referrals' }), expect: only('specialist', 'specialistOther') },
  'referrals.accept': { request: (w) => ({ method: 'post', path: `/api/referrals/${w.referralId}/accept`, body: {} }), expect: only('specialist'), fresh: true },
  'referrals.decline': { request: (w) => ({ method: 'post', path: `/api/referrals/${w.referralId}/decline`, body: { note: '床位已满' } }), expect: only('specialist'), fresh: true },
  'referrals.return': {
    request: (w) => ({ method: 'post', path: `/api/referrals/${w.referralId}/return`, body: { outcome: '好转', planText: '继续服药', followUpWithinDays: 14 } }),
    expect: only('specialist'),
  },
  'referrals.cancel': { request: (w) => ({ method: 'post', path: `/api/referrals/${w.referralId}/cancel` }), expect: only('doctorSame'), fresh: true },
  'staff.residentComanagement': { request: (w) => ({ method: 'get', path: `/api/staff/residents/${w.residentId}/comanagement` }), expect: only('doctorSame') },
  'staff.requestSpecialistReview': {
    request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/specialist-review-requests`, body: { clientRequestId: newClientReadingId(), note: '请会诊' } }),
    expect: only('doctorSame'),
  },
  'staff.createReferral': {
    request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/referrals`, body: { clientRequestId: newClientReadingId(), toInstitutionId: 'inst-west', reason: '矩阵', urgency: 'routine' } }),
    expect: only('doctorSame'),
  },
  'residents.specialistAdvice': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/specialist-advice` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  // Health education: content is the programme's; the quiz and the check-in are the resident's own
  // (a bad check-in code is 422 past authorization); the team recommends and runs classes.
  'admin.educationItems.create': {
    request: () => ({
      method: 'post',
      path: '/api/admin/education-items',
      body: { kind: 'article', title: '矩阵草稿', topic: 'general', paragraphs: ['矩阵'], quiz: [1, 2, 3].map((n) => ({ question: `第${n}题`, options: ['对', '错'], answerIndex: 0 })) },
    }),
    expect: only('admin'),
  },
  'admin.educationItems.update': { request: (w) => ({ method: 'patch', path: `/api/admin/education-items/${w.educationItemId}`, body: { title: '矩阵文章' } }), expect: only('admin') },
  'admin.educationItems.list': { request: () => ({ method: 'get', path: '/api/admin/education-items' }), expect: only('admin') },
  'residents.education': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/education` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'residents.educationItem': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/education/${w.educationItemId}` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'residents.educationQuiz': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/education/${w.educationItemId}/quiz`, body: { answers: [1, 1, 1] } }), expect: only('own') },
  'residents.educationCheckIn': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/education-classes/check-in`, body: { code: 'RHPE1:not-a-class' } }), expect: only('own') },
  'staff.assignEducation': { request: (w) => ({ method: 'post', path: `/api/staff/residents/${w.residentId}/education-assignments`, body: { itemId: w.educationItemId } }), expect: only('doctorSame') },
  'staff.educationCatalogue': { request: () => ({ method: 'get', path: '/api/staff/education-items' }), expect: only('doctorSame', 'doctorOther') },
  'staff.createEducationClass': {
    request: () => ({ method: 'post', path: '/api/staff/education-classes', body: { title: '矩阵讲座', topic: 'general', place: '会议室', startsAt: '2099-01-01T09:00:00+08:00', endsAt: '2099-01-01T08:00:00+08:00' } }),
    expect: only('doctorSame', 'doctorOther'),
  },
  'staff.educationClasses': { request: () => ({ method: 'get', path: '/api/staff/education-classes' }), expect: only('doctorSame', 'doctorOther') },
  // Satisfaction: the resident's own opinion (an unknown service is 422 past authorization).
  'residents.surveys': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/surveys` }), expect: only('own') },
  'residents.answerSurvey': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/surveys`, body: { eventKey: 'followUp:none', dismissed: true } }), expect: only('own') },
  // 履约考核: R's team lead (doctorSame) sees their team; admins see every team.
  'scorecard.get': { request: () => ({ method: 'get', path: '/api/scorecard?year=2026&teamId=team-east-1' }), expect: only('doctorSame', 'admin') },
  'scorecard.csv': { request: () => ({ method: 'get', path: '/api/scorecard.csv?year=2026&teamId=team-east-1' }), expect: only('doctorSame', 'admin') },
  // The family care loop (issue 14): the urgent status reads like health records; a relative's own
  // notices need `view`, and the resident has none of their own there.
  'care.urgentStatus': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/urgent-status` }), expect: only('own', 'proxyWithScope', 'doctorSame') },
  'care.familyNotices': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/family-notices` }), expect: only('proxyWithScope') },
  'care.markFamilyNoticesRead': { request: (w) => ({ method: 'post', path: `/api/residents/${w.residentId}/family-notices/read` }), expect: only('proxyWithScope') },
  // The weekly summary: R shares it in the shared world (buildWorld), so a relative with view reads it.
  'care.weeklySummaries': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/weekly-summaries` }), expect: only('own', 'proxyWithScope') },
  'care.familySharing': { request: (w) => ({ method: 'get', path: `/api/residents/${w.residentId}/family-sharing` }), expect: only('own') },
  'care.updateFamilySharing': { request: (w) => ({ method: 'put', path: `/api/residents/${w.residentId}/family-sharing`, body: { weeklySummary: true } }), expect: only('own') },
};

async function buildWorld(stack: TestStack): Promise<World> {
  const { resident, account: own } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
  const { resident: other, account: otherResident } = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
  const [proxyWithScope, proxyWithoutScope, revokedProxy, cashier, doctorSame, doctorOther, specialist, specialistOther, admin, spare] = await Promise.all([
    createAccount(stack),
    createAccount(stack),
    createAccount(stack),
    createAccount(stack, { roles: ['cashier'], staff: { pharmacyId: 'ph-1' } }),
    createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } }),
    createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } }),
    createAccount(stack, { roles: ['specialist'], staff: { institutionId: 'hosp-county', coversInstitutionIds: ['inst-east'] } }),
    createAccount(stack, { roles: ['specialist'], staff: { institutionId: 'hosp-city', coversInstitutionIds: ['inst-west'] } }),
    createAccount(stack, { roles: ['admin'] }),
    createAccount(stack),
  ]);
  const { linkId } = await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: proxyWithScope.accountId, scopes: ALL_SCOPES });
  const { alertId } = await createAlert(stack, { residentId: resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1' });
  await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: proxyWithoutScope.accountId, scopes: ['redeem'] });
  await createProxyLink(stack, { residentId: resident.residentId, proxyAccountId: revokedProxy.accountId, scopes: ALL_SCOPES, revoked: true });
  await giveDueFollowUps(stack, { residentId: resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1' });
  await stack.service.deps.models.Resident.updateOne({ _id: resident.residentId }, { $set: { 'familySharing.weeklySummary': true } });
  const { bookingId, slotId } = await createBookingFixture(stack, { residentId: resident.residentId, institutionId: 'inst-east', teamId: 'team-east-1' });
  // R's doctor leads R's team (the scorecard), and R is in co-management (the specialist's review).
  await stack.service.deps.models.Team.updateOne({ _id: 'team-east-1' }, { $push: { members: { accountId: doctorSame.accountId, name: '矩阵医生', role: 'gp', lead: true } } });
  await openComanagementCase(stack, { residentId: resident.residentId });
  const accounts = { own, proxyWithScope, proxyWithoutScope, revokedProxy, otherResident, cashier, doctorSame, doctorOther, specialist, specialistOther, admin };
  return {
    tokens: Object.fromEntries(Object.entries(accounts).map(([role, a]) => [role, a.token])) as World['tokens'],
    accountIds: Object.fromEntries(Object.entries(accounts).map(([role, a]) => [role, a.accountId])) as World['accountIds'],
    residentId: resident.residentId,
    otherResidentId: other.residentId,
    linkWithScopeId: linkId,
    spareAccountId: spare.accountId,
    alertId,
    bookingId,
    slotId,
    checkoutId: (await createCheckoutFixture(stack, { pharmacyId: 'ph-1', residentId: resident.residentId })).checkoutId,
    // A fresh statement per row (rows may move it through its states); one distinct period each.
    statementId: (await createStatementFixture(stack, { pharmacyId: 'ph-1', periodKey: `${2100 + (statementFixtureCount += 1)}-01` })).statementId,
    referralId: (await createReferralFixture(stack, { residentId: resident.residentId, toInstitutionId: 'hosp-county' })).referralId,
    educationItemId: (await createEducationItemFixture(stack)).itemId,
  };
}

describe('authorization matrix: every route × every role', () => {
  let stack: TestStack;
  let shared: World;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    await createPharmacy(stack, { pharmacyId: 'ph-1' });
    const { models } = stack.service.deps;
    const now = new Date();
    await models.Team.create({ _id: 'team-east-1', institutionId: 'inst-east', name: '矩阵团队', members: [], createdAt: now, createdByAccountId: 'matrix', updatedAt: now });
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
    if (denied && role !== 'anonymous') expect(code).toBe(row.integration ? 'integration_signature_missing' : 'access_denied');
  });

  test.each(Object.entries(matrix).filter(([, row]) => row.integration))('%s: a signed request of an active client gets past authentication', async (operationId, row) => {
    const client = await createIntegrationClient(stack, { institutionId: 'inst-east' });
    const spec = row.request(shared);
    const body = operationId === 'integration.import' ? '{"type":"nothing"}\n' : JSON.stringify(spec.body ?? {});
    const headers = signedHeaders(client, { method: spec.method.toUpperCase(), path: spec.path, body });
    const res = await request(stack.url)
      [spec.method](spec.path)
      .set(headers)
      .set('Content-Type', operationId === 'integration.import' ? 'application/x-ndjson' : 'application/json')
      .send(body);
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });
});
