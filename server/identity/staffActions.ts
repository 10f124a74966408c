import { refreshAccountSessions } from '../auth/sessions';
import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor, StaffRole } from '../http/actor';
import { badRequest, notFound, unprocessable } from '../http/errors';
import type { ProxyScope } from '../models/invitation';
import { lookupHash } from '../privacy/fieldCrypto';
import { formatHumanCode, isDuplicateKeyError, newHumanCode } from './codes';
import { proxyLinkCreator } from './proxyLinks';

/** The clinic prints a one-time binding code for a resident; only its hash is kept. */
export async function bindingCodeIssuer(deps: AppDeps, input: { residentId: string; actor: AccountActor }) {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.identity.bindingCodeTtlMs);
  for (let attempt = 0; ; attempt += 1) {
    const code = newHumanCode();
    try {
      await deps.models.BindingCode.create({
        codeHash: lookupHash(deps.config.crypto, 'bindingCode', code),
        residentId: new Types.ObjectId(input.residentId),
        createdByAccountId: new Types.ObjectId(input.actor.accountId),
        createdAt: now,
        expiresAt,
      });
      return { code: formatHumanCode(code), expiresAt };
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
    }
  }
}

export const verificationMethods = ['idCard', 'householdRegister', 'residenceCertificate', 'other'] as const;

/**
 * For a resident without a phone: a doctor of the resident's institution links a relative after
 * checking both in person. Who verified, when and how is stored on the link itself.
 */
export async function inPersonProxyLinker(
  deps: AppDeps,
  input: {
    residentId: string;
    actor: AccountActor;
    proxyAccountId: string;
    scopes: ProxyScope[];
    relationship?: string | undefined;
    verificationMethod: (typeof verificationMethods)[number];
    note?: string | undefined;
  },
) {
  const proxy = await deps.models.Account.findOne({ _id: new Types.ObjectId(input.proxyAccountId), status: 'active' }).lean();
  if (!proxy) throw notFound('account_not_found');
  if (proxy.residentId && String(proxy.residentId) === input.residentId) throw badRequest('proxy_cannot_be_the_resident');
  return proxyLinkCreator(deps, {
    residentId: input.residentId,
    proxyAccountId: input.proxyAccountId,
    scopes: input.scopes,
    relationship: input.relationship ?? null,
    createdBy: {
      kind: 'staffVerification',
      staffAccountId: input.actor.accountId,
      institutionId: input.actor.staff.institutionId ?? '',
      verificationMethod: input.verificationMethod,
      note: input.note ?? null,
    },
  });
}

/**
 * Gives an account one staff role and its workplace (admin only; the route's authorize() writes the
 * audit entry). A specialist works at a county or city hospital and is assigned the primary-care
 * institutions whose residents they co-manage (分片包干); both ends must be registered as such.
 */
export async function staffAssigner(
  deps: AppDeps,
  input: { accountId: string; role: StaffRole; institutionId?: string | undefined; teamId?: string | undefined; pharmacyId?: string | undefined; coversInstitutionIds?: string[] | undefined },
) {
  if (input.role === 'specialist') await checkSpecialistAssignment(deps, input.institutionId ?? '', input.coversInstitutionIds ?? []);
  const staff = {
    ...(input.institutionId ? { institutionId: input.institutionId } : {}),
    ...(input.teamId ? { teamId: input.teamId } : {}),
    ...(input.pharmacyId ? { pharmacyId: input.pharmacyId } : {}),
    ...(input.coversInstitutionIds ? { coversInstitutionIds: [...new Set(input.coversInstitutionIds)] } : {}),
  };
  const account = await deps.models.Account.findOneAndUpdate(
    { _id: new Types.ObjectId(input.accountId) },
    { $set: { roles: [input.role], staff }, $inc: { actorVersion: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (!account) throw notFound('account_not_found');
  await refreshAccountSessions(deps, account._id);
  return { accountId: String(account._id), roles: (account.roles ?? []) as StaffRole[], staff };
}

async function checkSpecialistAssignment(deps: AppDeps, hospitalId: string, coveredIds: string[]) {
  const ids = [...new Set([hospitalId, ...coveredIds])];
  const institutions = await deps.models.Institution.find({ _id: { $in: ids } }, { level: 1 }).lean();
  const levelOf = new Map(institutions.map((i) => [String(i._id), i.level ?? 'primary']));
  const hospital = levelOf.get(hospitalId);
  const coversPrimaryOnly = coveredIds.length > 0 && coveredIds.every((id) => levelOf.get(id) === 'primary');
  if (!hospital || hospital === 'primary' || !coversPrimaryOnly) throw unprocessable('specialist_assignment_invalid');
}
