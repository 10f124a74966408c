import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { conflict, notFound } from '../http/errors';
import type { ProxyScope } from '../models/invitation';
import type { ProxyLinkDoc } from '../models/proxyLink';
import { recordAudit } from '../privacy/auditLog';
import { isDuplicateKeyError } from './codes';

export type LinkOrigin =
  | { kind: 'invitation'; invitationId: Types.ObjectId }
  | { kind: 'staffVerification'; staffAccountId: string; institutionId: string; verificationMethod: string; note: string | null };

/** Creates an active link; the unique `pairKey` makes a second active link for the same pair fail. */
export async function proxyLinkCreator(
  deps: AppDeps,
  input: { residentId: string; proxyAccountId: string; scopes: ProxyScope[]; relationship: string | null; createdBy: LinkOrigin },
) {
  const now = deps.clock.now();
  const createdBy =
    input.createdBy.kind === 'invitation'
      ? { kind: 'invitation' as const, invitationId: input.createdBy.invitationId }
      : {
          kind: 'staffVerification' as const,
          staffAccountId: new Types.ObjectId(input.createdBy.staffAccountId),
          institutionId: input.createdBy.institutionId,
          verifiedAt: now,
          verificationMethod: input.createdBy.verificationMethod,
          note: input.createdBy.note,
        };
  try {
    const link = await deps.models.ProxyLink.create({
      pairKey: `${input.residentId}:${input.proxyAccountId}`,
      residentId: new Types.ObjectId(input.residentId),
      proxyAccountId: new Types.ObjectId(input.proxyAccountId),
      scopes: [...new Set(input.scopes)],
      relationship: input.relationship,
      status: 'active',
      createdAt: now,
      createdBy,
    });
    return link.toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('proxy_link_already_active');
    throw err;
  }
}

/** Loads a link for the authorization check of a revocation. */
export async function findProxyLink(deps: AppDeps, linkId: string) {
  const link = await deps.models.ProxyLink.findById(linkId).lean();
  if (!link) throw notFound('proxy_link_not_found');
  return link;
}

/** Ends a link; effective at once, because every proxied request reads the link. */
export async function proxyLinkRevoker(deps: AppDeps, input: { linkId: string; actor: AccountActor; requestId: string }) {
  const link = await findProxyLink(deps, input.linkId);
  if (link.status !== 'active') throw conflict('proxy_link_already_revoked');
  const now = deps.clock.now();
  const revoked = await deps.models.ProxyLink.findOneAndUpdate(
    { _id: link._id, status: 'active' },
    {
      $set: {
        status: 'revoked',
        revokedAt: now,
        revokedByAccountId: new Types.ObjectId(input.actor.accountId),
        revokedReason: input.actor.accountId === String(link.proxyAccountId) ? 'revokedByProxy' : 'revokedByResident',
        pairKey: `${link.pairKey}:revoked:${String(link._id)}`,
      },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!revoked) throw conflict('proxy_link_already_revoked');
  await recordAudit(deps, {
    actor: input.actor,
    basis: input.actor.accountId === String(link.proxyAccountId) ? 'proxy' : 'self',
    proxyLinkId: String(link._id),
    subjectResidentId: String(link.residentId),
    action: 'proxy.link.revoked',
    what: { proxyLinkId: String(link._id) },
    requestId: input.requestId,
  });
  return revoked;
}

type LinkDoc = ProxyLinkDoc & { _id: Types.ObjectId };

export function presentProxyLink(link: LinkDoc, names: { residentName?: string | null }) {
  return {
    linkId: String(link._id),
    residentId: String(link.residentId),
    residentName: names.residentName ?? null,
    proxyAccountId: String(link.proxyAccountId),
    relationship: link.relationship ?? null,
    scopes: link.scopes as ProxyScope[],
    status: link.status as 'active' | 'revoked',
    createdAt: link.createdAt,
    createdVia: link.createdBy.kind as 'invitation' | 'staffVerification',
    revokedAt: link.revokedAt ?? null,
  };
}

/** The active links an account acts through for others (家属), oldest first. */
export async function activeLinksOfProxy(deps: AppDeps, proxyAccountId: string) {
  return deps.models.ProxyLink.find({ proxyAccountId: new Types.ObjectId(proxyAccountId), status: 'active' }).sort({ createdAt: 1 }).lean();
}

/** Every link (active or not) to a resident's relatives, newest first (the last 100). */
export async function linksOfResident(deps: AppDeps, residentId: string) {
  return deps.models.ProxyLink.find({ residentId: new Types.ObjectId(residentId) }).sort({ createdAt: -1 }).limit(100).lean();
}

/** Every link (active or not) an account holds as a relative, newest first (the last 100). */
export async function linksOfProxy(deps: AppDeps, proxyAccountId: string) {
  return deps.models.ProxyLink.find({ proxyAccountId: new Types.ObjectId(proxyAccountId) }).sort({ createdAt: -1 }).limit(100).lean();
}
