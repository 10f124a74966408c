import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { idNumberCheckChar } from '../../shared/identity';
import { sessionCreator } from '../../server/auth/sessions';
import type { AppDeps } from '../../server/deps';
import type { StaffRole } from '../../server/http/actor';
import { consentDocuments } from '../../server/identity/consentDocuments';
import { proxyLinkCreator } from '../../server/identity/proxyLinks';
import { residentArchiveWriter } from '../../server/identity/residentArchive';
import type { ProxyScope } from '../../server/models/invitation';
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
  input: { openid?: string; roles?: StaffRole[]; staff?: { institutionId?: string; teamId?: string; pharmacyId?: string }; residentId?: string; consents?: boolean } = {},
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
