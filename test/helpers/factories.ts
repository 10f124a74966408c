import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { idNumberCheckChar } from '../../shared/identity';
import { sessionCreator } from '../../server/auth/sessions';
import type { AppDeps } from '../../server/deps';
import type { StaffRole } from '../../server/http/actor';
import { consentDocuments } from '../../server/identity/consentDocuments';
import { proxyLinkCreator } from '../../server/identity/proxyLinks';
import { pointsAdjuster } from '../../server/ledger/pointsAdjuster';
import { residentArchiveWriter } from '../../server/identity/residentArchive';
import type { ProxyScope } from '../../server/models/invitation';
import { integrationClientIssuer } from '../../server/integration/signature';
import { alertRaiser } from '../../server/records/alertDesk';
import { recordedDayOf } from '../../server/records/domainEvents';
import type { TestStack } from './stack';

/**
 * Test data written straight through the models and commands (fast, no HTTP), for any test that
 * needs residents, accounts, sessions or proxy links. Everything is fictional: ID numbers use
 * region 110101 and 1950s birth dates with a valid check digit; phones are 1380000xxxx.
 * Other issues add their own factories here.
 */
let sequence = 0;
const nextSequence = () => (sequence = (sequence + 1) % 1000);

const depsOf = (target: TestStack | AppDeps): AppDeps => ('service' in target ? target.service.deps : target);

/** A fictional but valid 18-digit ID number; `birth` is YYYYMMDD. */
export function fakeIdNumber(input: { birth?: string; sequence?: number; region?: string } = {}): string {
  const seq = input.sequence ?? nextSequence();
  const first17 = `${input.region ?? '110101'}${input.birth ?? `195${seq % 10}0${(seq % 9) + 1}1${seq % 10}`}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

export function fakePhone(seq: number = Math.floor(Math.random() * 10_000)): string {
  return `1380000${String(seq).padStart(4, '0')}`;
}

const fakeNames = ['张三丰', '李四海', '王五福', '赵六安', '钱七喜', '孙八方', '周九龄', '吴十全'];
export const fakeName = () => fakeNames[Math.floor(Math.random() * fakeNames.length)] ?? '张三丰';

export interface ResidentFixture {
  residentId: string;
  name: string;
  idNumber: string;
  phone: string | null;
  institutionId: string;
  teamId: string;
}

export async function createResident(
  target: TestStack | AppDeps,
  input: { name?: string; idNumber?: string; phone?: string | null; institutionId?: string; teamId?: string } = {},
): Promise<ResidentFixture> {
  const deps = depsOf(target);
  const fixture = {
    name: input.name ?? fakeName(),
    idNumber: input.idNumber ?? fakeIdNumber(),
    phone: input.phone === undefined ? fakePhone() : input.phone,
    institutionId: input.institutionId ?? 'inst-east',
    teamId: input.teamId ?? 'team-east-1',
  };
  const resident = await residentArchiveWriter(deps, fixture);
  return { residentId: String(resident._id), ...fixture };
}

export interface AccountFixture {
  accountId: string;
  openid: string;
  token: string;
  sessionId: string;
  residentId: string | null;
}

/** An account with a live session; by default both consents accepted. `residentId` binds it. */
export async function createAccount(
  target: TestStack | AppDeps,
  input: { openid?: string; roles?: StaffRole[]; staff?: { institutionId?: string; teamId?: string; pharmacyId?: string; coversInstitutionIds?: string[] }; residentId?: string; consents?: boolean } = {},
): Promise<AccountFixture> {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const openid = input.openid ?? `o${randomBytes(14).toString('hex').slice(0, 27)}`;
  const accountId = new Types.ObjectId();
  const residentId = input.residentId ? new Types.ObjectId(input.residentId) : null;
  await deps.models.Account.create({
    _id: accountId,
    openid,
    roles: input.roles ?? [],
    staff: input.staff ?? null,
    status: 'active',
    lastLoginAt: now,
    residentId,
    boundAt: residentId ? now : null,
  });
  if (residentId) await deps.models.Resident.updateOne({ _id: residentId }, { $set: { accountId, boundAt: now } });
  if (input.consents !== false) {
    for (const document of ['privacyGuide', 'healthData'] as const) {
      await deps.models.Consent.create({ accountId, document, version: consentDocuments[document].version, decision: 'accepted', at: now, requestId: 'factory' });
    }
  }
  const session = await sessionCreator(deps, { accountId, userAgent: 'factory' });
  return { accountId: String(accountId), openid, token: session.token, sessionId: session.sessionId, residentId: residentId ? String(residentId) : null };
}

/** A resident bound to their own account (what binding produces). */
export async function createBoundResident(target: TestStack | AppDeps, input: Parameters<typeof createResident>[1] = {}) {
  const resident = await createResident(target, input);
  const account = await createAccount(target, { residentId: resident.residentId });
  return { resident, account };
}

export async function createProxyLink(
  target: TestStack | AppDeps,
  input: { residentId: string; proxyAccountId: string; scopes: ProxyScope[]; revoked?: boolean; relationship?: string },
) {
  const deps = depsOf(target);
  const link = await proxyLinkCreator(deps, {
    residentId: input.residentId,
    proxyAccountId: input.proxyAccountId,
    scopes: input.scopes,
    relationship: input.relationship ?? '女儿',
    createdBy: { kind: 'invitation', invitationId: new Types.ObjectId() },
  });
  if (input.revoked) {
    await deps.models.ProxyLink.updateOne(
      { _id: link._id },
      { $set: { status: 'revoked', revokedAt: deps.clock.now(), revokedReason: 'factory', pairKey: `${link.pairKey}:revoked:${String(link._id)}` } },
    );
  }
  return { linkId: String(link._id) };
}

/** Mints a wx.login code in the simulator, as the phone would. */
export async function simLoginCode(stack: TestStack, openid: string): Promise<string> {
  const res = await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/login-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  });
  return ((await res.json()) as { code: string }).code;
}

/** Mints a getPhoneNumber code in the simulator, as the phone would. */
export async function simPhoneCode(stack: TestStack, phoneNumber: string, countryCode = '86'): Promise<string> {
  const res = await fetch(`${stack.simulators.wechatApiBaseUrl}/__sim/phone-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phoneNumber, countryCode }),
  });
  return ((await res.json()) as { code: string }).code;
}

export const ALL_SCOPES: ProxyScope[] = ['view', 'logReadings', 'book', 'redeem'];

// ---------------------------------------------------------------------------------------------
// Health records (issue 4)

/** An active integration client of an institution, with its key in plaintext (as issued). */
export async function createIntegrationClient(target: TestStack | AppDeps, input: { institutionId?: string; clientId?: string; active?: boolean } = {}) {
  const deps = depsOf(target);
  const client = await integrationClientIssuer(deps, {
    clientId: input.clientId ?? `cis-${randomBytes(4).toString('hex')}`,
    institutionId: input.institutionId ?? 'inst-east',
    name: '测试机构信息系统',
  });
  if (input.active === false) await deps.models.IntegrationClient.updateOne({ clientId: client.clientId }, { $set: { active: false } });
  return client;
}

/** An open alert for a resident, as an urgent reading raises it (without the reading's HTTP round trip). */
export async function createAlert(target: TestStack | AppDeps, input: { residentId: string; institutionId?: string; teamId?: string }) {
  const deps = depsOf(target);
  const alert = await alertRaiser(deps, {
    readingId: new Types.ObjectId(),
    residentId: new Types.ObjectId(input.residentId),
    institutionId: input.institutionId ?? 'inst-east',
    teamId: input.teamId ?? 'team-east-1',
    measure: 'bp',
    reasons: ['bp_systolic_urgent'],
    values: { systolicMmHg: 186, diastolicMmHg: 104 },
    measuredAt: deps.clock.now(),
  });
  return { alertId: String(alert._id) };
}

let readingSequence = 0;
/** A fresh client reading id, as the app generates one per entry. */
export const newClientReadingId = () => `test-${Date.now().toString(36)}-${(readingSequence += 1)}-${randomBytes(3).toString('hex')}`;

// ── Pharmacies, points and checkouts (issue 7) ──────────────────────────────────────────────────

/** A partner pharmacy written straight to the model (fixed id when given, e.g. the matrix's `ph-1`). */
export async function createPharmacy(target: TestStack | AppDeps, input: { pharmacyId?: string; name?: string } = {}) {
  const deps = depsOf(target);
  const pharmacyId = input.pharmacyId ?? `ph-${randomBytes(4).toString('hex')}`;
  await deps.models.Pharmacy.create({
    _id: pharmacyId,
    name: input.name ?? '仁和大药房（测试店）',
    licenceNumber: `LIC-${pharmacyId}-${randomBytes(3).toString('hex')}`,
    address: '北京市东城区测试路 1 号',
    settlement: { accountName: '仁和大药房', bankName: '测试银行', accountNumber: '6222000000000000' },
    status: 'active',
    createdAt: deps.clock.now(),
    createdByAccountId: 'factory',
  });
  return { pharmacyId };
}

/** Credits points through the ledger (an admin correction), as earning would. */
export async function givePoints(target: TestStack | AppDeps, residentId: string, points: number) {
  const deps = depsOf(target);
  const result = await pointsAdjuster(deps, { adjustmentId: `factory-${randomBytes(6).toString('hex')}`, residentId, deltaPoints: points, reasonCode: 'missed_earning', note: 'test points', actor: 'factory' });
  if (result.result !== 'adjusted') throw new Error(`givePoints: ${result.result}`);
}

/** A checkout awaiting the resident's confirmation, written straight to the model (the matrix). */
export async function createCheckoutFixture(target: TestStack | AppDeps, input: { pharmacyId: string; residentId: string; cashierAccountId?: string }) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const checkoutId = `co${randomBytes(12).toString('hex')}`;
  await deps.models.Checkout.create({
    _id: checkoutId,
    pharmacyId: input.pharmacyId,
    cashierAccountId: input.cashierAccountId ?? 'factory',
    residentId: new Types.ObjectId(input.residentId),
    codeNonce: `f${randomBytes(8).toString('hex')}`,
    totalFen: 10_000,
    selfPaidFen: 6_000,
    eligibleSelfPaidFen: 4_000,
    valueFenPerPoint: 10,
    maxPoints: 200,
    limitedBy: 'limited_by_eligible_share',
    state: 'awaiting_confirmation',
    stateChangedAt: now,
    history: [],
    createdAt: now,
    confirmDeadline: new Date(now.getTime() + 3_600_000),
  });
  return { checkoutId };
}

/** An empty draft statement of a pharmacy (the matrix needs a statement id that exists). */
export async function createStatementFixture(target: TestStack | AppDeps, input: { pharmacyId: string; periodKey?: string }) {
  const deps = depsOf(target);
  const periodKey = input.periodKey ?? '2000-01';
  const statementId = `${periodKey}.${input.pharmacyId}`;
  await deps.models.SettlementStatement.create({
    _id: statementId,
    pharmacyId: input.pharmacyId,
    periodKey,
    lines: [],
    capturedPoints: 0,
    reversedPoints: 0,
    capturedFen: 0,
    reversedFen: 0,
    adjustmentFen: 0,
    statementTotalFen: 0,
    contentHash: 'factory',
    state: 'draft',
    generatedAt: deps.clock.now(),
  });
  return { statementId };
}

// ---------------------------------------------------------------------------------------------
// Follow-ups (issue 5)

/**
 * Gives a resident a hypertension diagnosis and an active contract that started `contractStartsOn`
 * (default: 4 months before the clock's today), so the due engine lists overdue phone and
 * face-to-face follow-ups for them.
 */
export async function giveDueFollowUps(target: TestStack | AppDeps, input: { residentId: string; institutionId?: string; teamId?: string; contractStartsOn?: string }) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const { addCalendarMonths, shanghaiDate } = await import('../../shared/time/shanghai');
  const startsOn = input.contractStartsOn ?? addCalendarMonths(shanghaiDate(now), -4);
  const residentId = new Types.ObjectId(input.residentId);
  const common = { institutionId: input.institutionId ?? 'inst-east', residentId, contentHash: 'factory', importedAt: now, updatedAt: now };
  const ref = `F-${input.residentId}`;
  await deps.models.Diagnosis.create({ ...common, sourceType: 'diagnosis', sourceId: `${ref}-D`, condition: 'hypertension', diagnosedOn: '2018-04-01', status: 'active', data: { diagnosisText: '原发性高血压' } });
  await deps.models.Contract.create({
    ...common,
    sourceType: 'contract',
    sourceId: `${ref}-C`,
    teamId: input.teamId ?? 'team-east-1',
    startsOn,
    endsOn: addCalendarMonths(startsOn, 12),
    status: 'active',
    data: { packageName: '高血压签约服务包', team: { teamId: input.teamId ?? 'team-east-1', name: '东城一队', members: [] } },
  });
}

/** An open availability slot `daysAhead` days from the clock's today (Shanghai), default 09:00–11:00 at the clinic. */
export async function createSlot(
  target: TestStack | AppDeps,
  input: { institutionId?: string; teamId?: string; daysAhead?: number; place?: 'clinic' | 'home' | 'phone'; startTime?: string; endTime?: string; capacity?: number } = {},
) {
  const deps = depsOf(target);
  const { addCalendarDays, shanghaiDate } = await import('../../shared/time/shanghai');
  const { slotPublisher } = await import('../../server/followups/availability');
  const slot = await slotPublisher(
    deps,
    { institutionId: input.institutionId ?? 'inst-east', teamId: input.teamId ?? 'team-east-1', accountId: String(new Types.ObjectId()) },
    {
      place: input.place ?? 'clinic',
      date: addCalendarDays(shanghaiDate(deps.clock.now()), input.daysAhead ?? 3),
      startTime: input.startTime ?? '09:00',
      endTime: input.endTime ?? '11:00',
      capacity: input.capacity ?? 5,
    },
  );
  return { slotId: String(slot._id), date: slot.date, startsAt: slot.startsAt };
}

/** A booking of a fresh slot for the resident's first due item that suits the clinic (they need `giveDueFollowUps`). */
export async function createBookingFixture(target: TestStack | AppDeps, input: { residentId: string; institutionId?: string; teamId?: string; daysAhead?: number }) {
  const deps = depsOf(target);
  const { dueItemsOf } = await import('../../server/followups/dueItems');
  const { bookingCreator } = await import('../../server/followups/bookings');
  const resident = await deps.models.Resident.findById(input.residentId).lean();
  if (!resident) throw new Error('createBookingFixture: no such resident');
  const item = (await dueItemsOf(deps, resident)).find((d) => d.kind === 'faceToFaceFollowUp' || d.kind === 'phoneFollowUp');
  if (!item) throw new Error('createBookingFixture: the resident has nothing due (call giveDueFollowUps first)');
  const slot = await createSlot(deps, { institutionId: input.institutionId, teamId: input.teamId, daysAhead: input.daysAhead ?? 3 });
  const booking = await bookingCreator(deps, { resident, slotId: slot.slotId, dueItemKey: item.key, bookedBy: { accountId: 'factory', basis: 'self' } });
  return { bookingId: String(booking._id), slotId: slot.slotId, dueItemKey: item.key };
}

// ── Clinic records with their domain events, as the integration importer writes them (issue 8) ──

let recordSequence = 0;
const nextSourceId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(recordSequence += 1)}`;

/** A source record of the resident plus the domain event the importer appends for it. */
export async function recordClinicFact(
  target: TestStack | AppDeps,
  input:
    | { kind: 'contract'; residentId: string; institutionId: string; teamId: string; startsOn: string; endsOn: string; status?: 'active' | 'expired' | 'terminated' }
    | { kind: 'diagnosis'; residentId: string; institutionId: string; condition: string; diagnosedOn: string }
    | { kind: 'followUp'; residentId: string; institutionId: string; form: 'hypertension' | 'diabetes'; visitedOn: string; mode?: 'clinic' | 'home' | 'phone'; sbp?: number; dbp?: number; fpg?: number; outcome?: 'visited' | 'lostToFollowUp' | 'died' }
    | { kind: 'screening'; residentId: string; institutionId: string; on: string; values: Record<string, number> },
) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const residentId = new Types.ObjectId(input.residentId);
  const sourceId = nextSourceId(input.kind);
  const common = { institutionId: input.institutionId, residentId, sourceId, contentHash: 'factory', importedAt: now, updatedAt: now };
  const appendEvent = (eventId: string, type: 'contractRecorded' | 'followUpRecorded' | 'followUpOutcomeRecorded' | 'screeningRecorded' | 'hcyTestRecorded', occurredAt: Date, payload: Record<string, unknown>) =>
    deps.models.DomainEvent.create({ eventId, type, residentId, occurredAt, payload, recordedAt: now, recordedDay: recordedDayOf(now), pointsPending: true });
  const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
  switch (input.kind) {
    case 'contract': {
      const doc = await deps.models.Contract.create({ ...common, sourceType: 'contract', teamId: input.teamId, startsOn: input.startsOn, endsOn: input.endsOn, status: input.status ?? 'active', data: { team: { teamId: input.teamId, name: '测试团队', members: [] } } });
      await appendEvent(`contract:${input.institutionId}:${sourceId}`, 'contractRecorded', dayStart(input.startsOn), { contractId: String(doc._id), teamId: input.teamId, startsOn: input.startsOn, endsOn: input.endsOn, status: input.status ?? 'active' });
      return;
    }
    case 'diagnosis':
      // `data` as the importer stores it (the body without the archive reference); never empty, so
      // mongoose's minimize keeps it and readers of the 档案 find it.
      await deps.models.Diagnosis.create({ ...common, sourceType: 'diagnosis', condition: input.condition as 'hypertension', diagnosedOn: input.diagnosedOn, status: 'active', data: { condition: input.condition, diagnosedOn: input.diagnosedOn, status: 'active' } });
      return;
    case 'followUp': {
      const signs = input.sbp !== undefined ? { systolicMmHg: input.sbp, diastolicMmHg: input.dbp } : {};
      const outcome = input.outcome ?? 'visited';
      const data = { outcome, signs, ...(input.fpg !== undefined ? { fastingGlucoseMmolL: input.fpg } : {}) };
      const doc = await deps.models.FollowUpRecord.create({ ...common, sourceType: 'followUp', form: input.form, visitedOn: input.visitedOn, mode: input.mode ?? 'clinic', classification: null, data });
      if (outcome === 'visited') await appendEvent(`followUp:${input.institutionId}:${sourceId}`, 'followUpRecorded', dayStart(input.visitedOn), { followUpId: String(doc._id), form: input.form, mode: input.mode ?? 'clinic' });
      else await appendEvent(`followUpOutcome:${input.institutionId}:${sourceId}`, 'followUpOutcomeRecorded', dayStart(input.visitedOn), { followUpId: String(doc._id), form: input.form, outcome });
      return;
    }
    case 'screening': {
      const measuredAt = new Date(`${input.on}T09:00:00+08:00`);
      const doc = await deps.models.LabResult.create({ ...common, sourceType: 'screening', kind: 'screening', measuredAt, data: { measuredAt: measuredAt.toISOString(), values: input.values } });
      await appendEvent(`screening:${input.institutionId}:${sourceId}`, 'screeningRecorded', measuredAt, { labResultId: String(doc._id) });
      if (input.values.hcyUmolL !== undefined) await appendEvent(`hcyTest:${input.institutionId}:screening:${sourceId}`, 'hcyTestRecorded', measuredAt, { labResultId: String(doc._id) });
      return;
    }
  }
}

// ── Clinic values without their domain events (quarterly 达标, issue 6) ─────────────────────────

let clinicValueSequence = 0;

/**
 * A clinic-verified value written straight to its model and nothing else (no domain event, so no
 * follow-up or screening points muddle a test of the quarterly 达标 reward): a follow-up's BP / FPG,
 * or a lab result's values (`ldlCholesterolMmolL`, `hcyUmolL`, …).
 */
export async function giveClinicValue(
  target: TestStack | AppDeps,
  input:
    | { kind: 'followUp'; residentId: string; institutionId?: string; visitedOn: string; mode?: 'clinic' | 'home' | 'phone'; form?: 'hypertension' | 'diabetes'; sbp?: number; dbp?: number; fpg?: number; outcome?: 'visited' | 'lostToFollowUp' | 'died' }
    | { kind: 'labResult'; residentId: string; institutionId?: string; measuredAt: string; values: Record<string, number> },
) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const sourceId = `value-${input.kind}-${(clinicValueSequence += 1)}-${randomBytes(3).toString('hex')}`;
  const common = { institutionId: input.institutionId ?? 'inst-east', residentId: new Types.ObjectId(input.residentId), sourceId, contentHash: 'factory', importedAt: now, updatedAt: now };
  if (input.kind === 'followUp') {
    const signs = input.sbp !== undefined ? { systolicMmHg: input.sbp, diastolicMmHg: input.dbp } : {};
    const data = { outcome: input.outcome ?? 'visited', signs, ...(input.fpg !== undefined ? { fastingGlucoseMmolL: input.fpg } : {}) };
    const doc = await deps.models.FollowUpRecord.create({ ...common, sourceType: 'followUp', form: input.form ?? 'hypertension', visitedOn: input.visitedOn, mode: input.mode ?? 'clinic', classification: null, data });
    return { recordId: String(doc._id) };
  }
  const measuredAt = new Date(input.measuredAt);
  const doc = await deps.models.LabResult.create({ ...common, sourceType: 'labResult', kind: 'labResult', measuredAt, data: { measuredAt: measuredAt.toISOString(), values: input.values } });
  return { recordId: String(doc._id) };
}

// ── Co-management, referrals and health education (issue 17) ────────────────────────────────────

/** Puts a resident in co-management (a team request flag), so covering specialists may review them. */
export async function openComanagementCase(target: TestStack | AppDeps, input: { residentId: string; institutionId?: string; teamId?: string }) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  await deps.models.ComanagementCase.updateOne(
    { _id: new Types.ObjectId(input.residentId) },
    {
      $setOnInsert: {
        institutionId: input.institutionId ?? 'inst-east',
        teamId: input.teamId ?? 'team-east-1',
        flagKeys: ['teamRequest:factory'],
        flags: [{ key: 'teamRequest:factory', reason: 'teamRequest', on: now.toISOString().slice(0, 10), raisedAt: now, note: '测试' }],
        latestFlagAt: now,
        openedAt: now,
        updatedAt: now,
      },
    },
    { upsert: true },
  );
}

/** A referral of the resident's team to a hospital, in the state asked for (requested by default). */
export async function createReferralFixture(target: TestStack | AppDeps, input: { residentId: string; institutionId?: string; teamId?: string; toInstitutionId: string; state?: 'requested' | 'accepted' }) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const referral = await deps.models.Referral.create({
    requestKey: `factory:${randomBytes(8).toString('hex')}`,
    contentHash: 'factory',
    residentId: new Types.ObjectId(input.residentId),
    institutionId: input.institutionId ?? 'inst-east',
    teamId: input.teamId ?? 'team-east-1',
    toInstitutionId: input.toInstitutionId,
    reason: '测试转诊',
    urgency: 'routine',
    state: input.state ?? 'requested',
    referredOn: now.toISOString().slice(0, 10),
    referredByAccountId: 'factory',
    history: [{ state: 'requested', at: now, byAccountId: 'factory' }],
    createdAt: now,
    updatedAt: now,
  });
  return { referralId: String(referral._id) };
}

/** A published health-education article with a three-question quiz (every right answer is option 0). */
export async function createEducationItemFixture(target: TestStack | AppDeps, input: { title?: string } = {}) {
  const deps = depsOf(target);
  const now = deps.clock.now();
  const question = (n: number) => ({ question: `第${n}题`, options: ['对', '错'], answerIndex: 0 });
  const item = await deps.models.EducationItem.create({
    kind: 'article',
    title: input.title ?? '测试文章',
    topic: 'general',
    paragraphs: ['测试内容'],
    quiz: [question(1), question(2), question(3)],
    status: 'published',
    createdAt: now,
    createdByAccountId: 'factory',
    updatedAt: now,
  });
  return { itemId: String(item._id) };
}
