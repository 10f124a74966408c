import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/actor';
import { forbidden, notFound, unauthorized } from '../http/errors';
import type { ApiContext } from '../http/route';
import type { ResidentDoc } from '../models/resident';
import { recordAudit } from '../privacy/auditLog';
import { can, teamRules, type AccessFacts, type Action, type Decision, type ReferralAction, type ResidentAction, type Subject, type TeamAction } from './can';

/**
 * Loads the facts `can` needs, asks it, throws `access_denied` when it says no, and writes an audit
 * entry for every allowed access to someone else's data (proxy, staff, admin, integration).
 * Revoking a proxy link takes effect on the next request because the link is read every time.
 */
export interface AccessRequest {
  deps: AppDeps;
  ctx: ApiContext;
}

export type Allowed = Extract<Decision, { allowed: true }>;

export function requireActor(ctx: ApiContext): Actor {
  const actor = ctx.state.actor;
  if (!actor) throw unauthorized();
  return actor;
}

export function requireAccountActor(ctx: ApiContext) {
  const actor = requireActor(ctx);
  if (actor.kind !== 'account') throw forbidden();
  return actor;
}

export async function authorize(
  { deps, ctx }: AccessRequest,
  action: Action,
  subject: Subject,
  what: Record<string, unknown> = {},
  knownFacts: Pick<AccessFacts, 'familySharing'> = {},
): Promise<Allowed> {
  const actor = ctx.state.actor;
  const facts: AccessFacts = { ...knownFacts };
  if (actor?.kind === 'account' && subject.kind === 'resident' && actor.residentId !== subject.residentId) {
    const link = await deps.models.ProxyLink.findOne({
      residentId: new Types.ObjectId(subject.residentId),
      proxyAccountId: new Types.ObjectId(actor.accountId),
      status: 'active',
    }).lean();
    facts.proxyLink = link ? { id: String(link._id), scopes: link.scopes } : null;
    if (actor.roles.includes('specialist')) facts.comanaged = (await deps.models.ComanagementCase.exists({ _id: new Types.ObjectId(subject.residentId) })) !== null;
  }
  if (actor?.kind === 'account' && subject.kind === 'team' && teamRules[action as TeamAction]?.lead && actor.staff.teamId === subject.teamId) {
    const team = await deps.models.Team.findOne({ _id: subject.teamId, institutionId: subject.institutionId }, { members: 1 }).lean();
    facts.teamLead = (team?.members ?? []).some((m) => m.accountId === actor.accountId && m.lead);
  }
  const decision = can(actor, action, subject, facts);
  if (!decision.allowed || !actor) throw forbidden('access_denied');
  if (decision.basis !== 'self') {
    await recordAudit(deps, {
      actor,
      basis: decision.basis,
      proxyLinkId: decision.proxyLinkId,
      subjectResidentId: subject.kind === 'resident' || subject.kind === 'proxyLink' || subject.kind === 'referral' ? subject.residentId : null,
      action,
      what,
      requestId: ctx.state.requestId,
    });
  }
  return decision;
}

/**
 * Authorizes an action on one resident given only the id from the path. An unknown id is
 * `access_denied` for everyone but admins (`resident_not_found`), so ids reveal nothing.
 */
export async function authorizeForResident(
  request: AccessRequest,
  action: ResidentAction,
  residentId: string,
  what: Record<string, unknown> = {},
): Promise<Allowed & { resident: ResidentSubjectDoc }> {
  const resident = await request.deps.models.Resident.findById(residentId).lean();
  if (!resident) {
    const actor = request.ctx.state.actor;
    if (actor?.kind === 'account' && actor.roles.includes('admin')) throw notFound('resident_not_found');
    throw forbidden('access_denied');
  }
  const decision = await authorize(
    request,
    action,
    { kind: 'resident', residentId: String(resident._id), institutionId: resident.institutionId, teamId: resident.teamId ?? null },
    what,
    { familySharing: resident.familySharing ?? null },
  );
  return { ...decision, resident };
}

type ResidentSubjectDoc = ResidentDoc & { _id: Types.ObjectId };

/**
 * For a handler that needs only the resident's id: the resident acting on their own archive is
 * decided from the session alone (the binding is on it and nothing else of the resident matters to
 * `can`), so the hot self-service reads skip the resident read; anyone else as authorizeForResident.
 */
export async function authorizeForResidentId(request: AccessRequest, action: ResidentAction, residentId: string, what: Record<string, unknown> = {}): Promise<Allowed & { residentId: Types.ObjectId }> {
  const actor = request.ctx.state.actor;
  if (actor?.kind === 'account' && actor.residentId !== null && actor.residentId === residentId) {
    const decision = can(actor, action, { kind: 'resident', residentId, institutionId: '', teamId: null });
    if (decision.allowed && decision.basis === 'self') return { ...decision, residentId: new Types.ObjectId(residentId) };
  }
  const { resident, ...decision } = await authorizeForResident(request, action, residentId, what);
  return { ...decision, residentId: resident._id };
}

/**
 * Authorizes a step on one referral given only its id from the path (the receiving hospital's
 * specialists answer it, the referring team withdraws it). An unknown id is `access_denied`, so ids
 * reveal nothing.
 */
export async function authorizeForReferral(request: AccessRequest, action: ReferralAction, referralId: string, what: Record<string, unknown> = {}) {
  const referral = Types.ObjectId.isValid(referralId) ? await request.deps.models.Referral.findById(referralId).lean() : null;
  if (!referral) throw forbidden('access_denied');
  const decision = await authorize(
    request,
    action,
    { kind: 'referral', residentId: String(referral.residentId), institutionId: referral.institutionId, teamId: referral.teamId ?? null, toInstitutionId: referral.toInstitutionId },
    { referralId, ...what },
  );
  return { ...decision, referral };
}
