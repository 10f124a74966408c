import type { Actor, StaffRole } from '../http/actor';
import type { ProxyScope } from '../models/invitation';

/**
 * The one place that decides who may do what to whose data. Routes describe the action and the
 * subject; `can` answers from the actor and the facts loaded for it (the caller's proxy link), and
 * `authorize` (./authorize.ts) loads those facts, throws `access_denied` and audits.
 *
 * Every rule is in the tables below; nothing else in the service decides access.
 */

/** Actions on one resident's data. */
export const residentActions = [
  'resident.profile.read',
  'resident.readings.write',
  'resident.followups.book',
  'resident.points.redeem',
  'resident.proxies.manage',
  'resident.auditLog.read',
  'resident.notices.read',
  'resident.identity.readFull',
  'resident.bindingCode.issue',
  'resident.proxyLink.createInPerson',
  'resident.archive.write',
  'resident.records.read',
  'resident.records.export',
  'resident.alerts.manage',
  'resident.followups.read',
  'resident.followups.record',
  'resident.reminders.read',
  'resident.points.read',
  'resident.points.print',
  'resident.points.adjust',
  'resident.phone.reveal',
  'resident.contracts.record',
  'resident.screenings.record',
  'resident.riskFactors.record',
  'resident.summary.read',
  'resident.doses.record',
  'resident.medicationPlans.record',
  'resident.meters.sync',
  'resident.comanagement.read',
  'resident.comanagement.request',
  'resident.comanagement.review',
  'resident.specialistVisits.record',
  'resident.referrals.create',
  'resident.education.read',
  'resident.education.complete',
  'resident.education.assign',
  'resident.surveys.answer',
  'resident.familyNotices.read',
  'resident.familySharing.manage',
  'resident.weeklySummary.read',
] as const;
export type ResidentAction = (typeof residentActions)[number];

export const pharmacyActions = [
  'pharmacy.checkouts.read',
  'pharmacy.checkouts.create',
  'pharmacy.checkouts.settle',
  'pharmacy.checkouts.refund',
  'pharmacy.profile.read',
  'pharmacy.statements.read',
  'pharmacy.statements.confirm',
] as const;
export type PharmacyAction = (typeof pharmacyActions)[number];

export const institutionActions = [
  'institution.residents.list',
  'institution.archives.import',
  'institution.alerts.list',
  'institution.comanagement.queue',
  'institution.referrals.receive',
] as const;
export type InstitutionAction = (typeof institutionActions)[number];

export const programmeActions = [
  'programme.audit.read',
  'programme.staff.assign',
  'programme.pharmacies.manage',
  'programme.settlement.manage',
  'programme.pointsPolicy.manage',
  'programme.reports.read',
  'programme.organisation.manage',
  'programme.education.manage',
] as const;
export type ProgrammeAction = (typeof programmeActions)[number];

export const proxyLinkActions = ['proxyLink.revoke'] as const;
export type ProxyLinkAction = (typeof proxyLinkActions)[number];

/** 双向转诊: the receiving institution answers and sends back; the referring team may withdraw. */
export const referralActions = ['referral.respond', 'referral.cancel'] as const;
export type ReferralAction = (typeof referralActions)[number];

/** A doctor team's own work: its availability and the bookings made into it. */
export const teamActions = ['team.availability.manage', 'team.bookings.manage', 'team.panel.read', 'team.education.manage', 'team.scorecard.read'] as const;
export type TeamAction = (typeof teamActions)[number];

export type Action = ResidentAction | PharmacyAction | InstitutionAction | ProgrammeAction | ProxyLinkAction | TeamAction | ReferralAction;

export type Subject =
  | { kind: 'resident'; residentId: string; institutionId: string; teamId: string | null }
  | { kind: 'pharmacy'; pharmacyId: string }
  | { kind: 'institution'; institutionId: string }
  | { kind: 'programme' }
  | { kind: 'proxyLink'; residentId: string; proxyAccountId: string }
  | { kind: 'team'; institutionId: string; teamId: string }
  | { kind: 'referral'; residentId: string; institutionId: string; teamId: string | null; toInstitutionId: string };

/**
 * What `authorize` loads before deciding: the caller's active proxy link to the subject resident, if
 * any; for a specialist, whether the resident is in co-management (flagged or referred to the
 * specialists); for a team's doctor, whether they lead it.
 */
export interface AccessFacts {
  proxyLink?: { id: string; scopes: readonly string[] } | null;
  comanaged?: boolean;
  teamLead?: boolean;
  /** What the resident chose to share with their relatives (`residents.familySharing`). */
  familySharing?: { weeklySummary?: boolean | null } | null;
}

export type AccessBasis = 'self' | 'proxy' | 'doctor' | 'specialist' | 'cashier' | 'admin' | 'integration';

export type Decision =
  | { allowed: true; basis: AccessBasis; proxyLinkId?: string }
  | { allowed: false; reason: string };

interface ResidentRule {
  /** The resident themselves (the account bound to the archive). */
  self: boolean;
  /** A proxy with an active link holding this scope; null: proxies never. */
  proxyScope: ProxyScope | null;
  /** Proxies also need the resident to have turned this sharing on (the resident controls it). */
  proxyNeedsSharing?: 'weeklySummary';
  /** A doctor of the resident's team, of the resident's institution (any team), or never. */
  doctor: 'team' | 'institution' | null;
  admin: boolean;
  /** An integration client of the resident's institution. */
  integration: boolean;
  /** A specialist assigned to the resident's institution, once the resident is in co-management. */
  specialist?: true;
}

/** The authorization table for resident data. Cashiers never reach a resident's data directly. */
export const residentRules: Record<ResidentAction, ResidentRule> = {
  'resident.profile.read': { self: true, proxyScope: 'view', doctor: 'team', admin: true, integration: false },
  'resident.readings.write': { self: true, proxyScope: 'logReadings', doctor: 'team', admin: false, integration: true },
  'resident.followups.book': { self: true, proxyScope: 'book', doctor: 'team', admin: false, integration: false },
  'resident.points.redeem': { self: true, proxyScope: 'redeem', doctor: null, admin: false, integration: false },
  'resident.proxies.manage': { self: true, proxyScope: null, doctor: null, admin: false, integration: false },
  'resident.auditLog.read': { self: true, proxyScope: null, doctor: null, admin: true, integration: false },
  'resident.notices.read': { self: true, proxyScope: null, doctor: null, admin: false, integration: false },
  'resident.identity.readFull': { self: false, proxyScope: null, doctor: 'institution', admin: true, integration: false },
  'resident.bindingCode.issue': { self: false, proxyScope: null, doctor: 'institution', admin: false, integration: false },
  'resident.proxyLink.createInPerson': { self: false, proxyScope: null, doctor: 'institution', admin: false, integration: false },
  'resident.archive.write': { self: false, proxyScope: null, doctor: null, admin: false, integration: true },
  // Health records (readings, 档案, control status): the resident, a proxy with `view`, their team.
  // Admins run the programme, not the care: they do not read individual health records.
  'resident.records.read': { self: true, proxyScope: 'view', doctor: 'team', admin: false, integration: false },
  'resident.records.export': { self: true, proxyScope: 'view', doctor: 'team', admin: false, integration: false },
  // Urgent-reading alerts are handled by the resident's own doctor team.
  'resident.alerts.manage': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // Follow-ups: what is due, bookings and the follow-up history read like health records; booking
  // itself is `resident.followups.book` (proxies need `book`). Only the resident's own team records
  // a follow-up; clinic systems push theirs through the integration API.
  'resident.followups.read': { self: true, proxyScope: 'view', doctor: 'team', admin: false, integration: false },
  'resident.followups.record': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // In-app reminders (booking, due items): the resident and a family member who may view.
  'resident.reminders.read': { self: true, proxyScope: 'view', doctor: null, admin: false, integration: false },
  // The 存折 (balance, statement): the resident, a family member who may view, their team, admins
  // (who run the programme and correct it). Printing the statement is the clinic's service for
  // residents without phones; corrections are the programme's alone (audited with their reason).
  'resident.points.read': { self: true, proxyScope: 'view', doctor: 'team', admin: true, integration: false },
  'resident.points.print': { self: false, proxyScope: null, doctor: 'team', admin: true, integration: false },
  'resident.points.adjust': { self: false, proxyScope: null, doctor: null, admin: true, integration: false },
  // The phone number, to call about an alert: a doctor of the resident's own team only (audited).
  'resident.phone.reveal': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // The doctor's own entries for a resident of their team (contracts, screenings and lab results),
  // like `resident.followups.record`; clinic systems push theirs through the integration API.
  'resident.contracts.record': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  'resident.screenings.record': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // The risk factors of the cardiovascular risk (smoking, family history, where they live, CKD
  // stage): recorded by the resident's own team; clinic systems send them with the archive.
  'resident.riskFactors.record': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // The doctor's detail screen (masked identifiers, records, due items, alerts): the resident's own
  // team only; residents and proxies read the same facts through their own routes.
  'resident.summary.read': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // 已服用 / 跳过: the resident, or a family member who may log readings for them. The doctor reads
  // doses (resident.records.read) but does not confirm them: that is the resident's own account.
  'resident.doses.record': { self: true, proxyScope: 'logReadings', doctor: null, admin: false, integration: false },
  // The doctor's medication plans for a resident of their team; clinic systems push theirs.
  'resident.medicationPlans.record': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // Syncing a home meter: what the resident's family does at home. Not the doctor: a reading a
  // doctor enters counts as clinic-measured, which a home meter's is not.
  'resident.meters.sync': { self: true, proxyScope: 'logReadings', doctor: null, admin: false, integration: false },
  // Co-management (医防融合): the team reads the specialist's records and referrals of its residents
  // and asks for a review or refers up; a specialist assigned to the resident's institution reviews
  // the records of residents in co-management only (flagged or referred), and writes the 接诊服务记录单.
  'resident.comanagement.read': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  'resident.comanagement.request': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  'resident.comanagement.review': { self: false, proxyScope: null, doctor: null, admin: false, integration: false, specialist: true },
  'resident.specialistVisits.record': { self: false, proxyScope: null, doctor: null, admin: false, integration: false, specialist: true },
  'resident.referrals.create': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // Health education: what there is to learn and what was done, like the records; the quiz and the
  // class check-in are the resident's own (the points reward the resident's learning); the team
  // recommends items.
  'resident.education.read': { self: true, proxyScope: 'view', doctor: 'team', admin: false, integration: false },
  'resident.education.complete': { self: true, proxyScope: null, doctor: null, admin: false, integration: false },
  'resident.education.assign': { self: false, proxyScope: null, doctor: 'team', admin: false, integration: false },
  // The satisfaction survey asks the resident's own opinion.
  'resident.surveys.answer': { self: true, proxyScope: null, doctor: null, admin: false, integration: false },
  // The family care loop: a relative's own notices about the resident (urgent readings, the team's
  // acknowledgement and closing note, weekly summaries) need `view`, read afresh each request.
  'resident.familyNotices.read': { self: false, proxyScope: 'view', doctor: null, admin: false, integration: false },
  // What the resident shares with relatives beyond `view`: the resident alone decides.
  'resident.familySharing.manage': { self: true, proxyScope: null, doctor: null, admin: false, integration: false },
  // The weekly summary: the resident; a relative with `view` only while the resident shares it.
  'resident.weeklySummary.read': { self: true, proxyScope: 'view', proxyNeedsSharing: 'weeklySummary', doctor: null, admin: false, integration: false },
};

/**
 * Team work: a doctor of that very team (institution and team both match); `lead`: only the doctor
 * flagged as the team's lead; `admin`: programme admins too.
 */
export const teamRules: Record<TeamAction, { doctor: boolean; lead?: true; admin?: true }> = {
  'team.availability.manage': { doctor: true },
  'team.bookings.manage': { doctor: true },
  // The panel of the team's contracted residents (and their alerts): the team's own doctors.
  'team.panel.read': { doctor: true },
  // Health education for the team's residents: the catalogue to recommend from, offline classes and their check-in QR.
  'team.education.manage': { doctor: true },
  // 履约考核: the team lead sees their own team's scorecard; admins compare every team.
  'team.scorecard.read': { doctor: false, lead: true, admin: true },
};

/**
 * Pharmacy data: a cashier acts only for their own pharmacy (`staff.pharmacyId`); admin reads.
 * Money moves at the till (create, counter payment and cancel = settle, refund) are the cashier's
 * alone; the statement is confirmed by the pharmacy and approved by the programme (programmeRules).
 */
export const pharmacyRules: Record<PharmacyAction, { cashier: boolean; admin: boolean }> = {
  'pharmacy.checkouts.read': { cashier: true, admin: true },
  'pharmacy.checkouts.create': { cashier: true, admin: false },
  'pharmacy.checkouts.settle': { cashier: true, admin: false },
  'pharmacy.checkouts.refund': { cashier: true, admin: false },
  'pharmacy.profile.read': { cashier: true, admin: true },
  'pharmacy.statements.read': { cashier: true, admin: true },
  'pharmacy.statements.confirm': { cashier: true, admin: false },
};

/**
 * Institution data: its doctors, its integration client; admin reads. `specialistCovering`: a
 * specialist assigned to this (primary-care) institution; `specialistOf`: a specialist working there.
 */
export const institutionRules: Record<InstitutionAction, { doctor: boolean; integration: boolean; admin: boolean; specialistCovering?: true; specialistOf?: true }> = {
  'institution.residents.list': { doctor: true, integration: false, admin: true },
  'institution.archives.import': { doctor: false, integration: true, admin: false },
  // The list itself is narrowed to the doctor's own team by the query (server/records/alertDesk.ts).
  'institution.alerts.list': { doctor: true, integration: false, admin: false },
  // The specialist's review queue: residents of the institutions assigned to them (分片包干).
  'institution.comanagement.queue': { doctor: false, integration: false, admin: false, specialistCovering: true },
  // Referrals sent to a hospital: its specialists receive them.
  'institution.referrals.receive': { doctor: false, integration: false, admin: false, specialistOf: true },
};

/** Programme administration: admins only. */
export const programmeRules: Record<ProgrammeAction, { admin: boolean }> = {
  'programme.audit.read': { admin: true },
  'programme.staff.assign': { admin: true },
  // Registering pharmacies, inviting their cashiers; approving and paying statements.
  'programme.pharmacies.manage': { admin: true },
  'programme.settlement.manage': { admin: true },
  // Points policy versions (future-dated) and their preview.
  'programme.pointsPolicy.manage': { admin: true },
  // Programme reports (aggregate figures, no individual health data) and their CSV export.
  'programme.reports.read': { admin: true },
  // Institutions, doctor teams, their members and 签约率 target populations.
  'programme.organisation.manage': { admin: true },
  // Health-education content (articles, videos, quizzes) residents read and earn points with.
  'programme.education.manage': { admin: true },
};

const deny = (reason: string): Decision => ({ allowed: false, reason });
const hasRole = (actor: Actor, role: StaffRole) => actor.kind === 'account' && actor.roles.includes(role);
/** A specialist assigned to co-manage the residents of this primary-care institution. */
const coversInstitution = (actor: Actor, institutionId: string) =>
  actor.kind === 'account' && actor.roles.includes('specialist') && (actor.staff.coversInstitutionIds ?? []).includes(institutionId);
const specialistOf = (actor: Actor, institutionId: string) => actor.kind === 'account' && actor.roles.includes('specialist') && actor.staff.institutionId === institutionId;

export function can(actor: Actor | undefined, action: Action, subject: Subject, facts: AccessFacts = {}): Decision {
  if (!actor) return deny('anonymous');
  switch (subject.kind) {
    case 'resident':
      return decideForResident(actor, action as ResidentAction, subject, facts);
    case 'pharmacy': {
      const rule = pharmacyRules[action as PharmacyAction];
      if (!rule) return deny('action does not apply to a pharmacy');
      if (rule.cashier && hasRole(actor, 'cashier') && actor.kind === 'account' && actor.staff.pharmacyId === subject.pharmacyId) {
        return { allowed: true, basis: 'cashier' };
      }
      if (rule.admin && hasRole(actor, 'admin')) return { allowed: true, basis: 'admin' };
      return deny('not staff of this pharmacy');
    }
    case 'institution': {
      const rule = institutionRules[action as InstitutionAction];
      if (!rule) return deny('action does not apply to an institution');
      if (rule.integration && actor.kind === 'integration' && actor.institutionId === subject.institutionId) {
        return { allowed: true, basis: 'integration' };
      }
      if (rule.doctor && hasRole(actor, 'doctor') && actor.kind === 'account' && actor.staff.institutionId === subject.institutionId) {
        return { allowed: true, basis: 'doctor' };
      }
      if (rule.specialistCovering && coversInstitution(actor, subject.institutionId)) return { allowed: true, basis: 'specialist' };
      if (rule.specialistOf && specialistOf(actor, subject.institutionId)) return { allowed: true, basis: 'specialist' };
      if (rule.admin && hasRole(actor, 'admin')) return { allowed: true, basis: 'admin' };
      return deny('not staff of this institution');
    }
    case 'proxyLink': {
      // Either side of a proxy link may end it: the resident (their bound account) or the proxy.
      if (action !== 'proxyLink.revoke' || actor.kind !== 'account') return deny('action does not apply to a proxy link');
      if (actor.residentId !== null && actor.residentId === subject.residentId) return { allowed: true, basis: 'self' };
      if (actor.accountId === subject.proxyAccountId) return { allowed: true, basis: 'self' };
      return deny('not a party to this proxy link');
    }
    case 'team': {
      const rule = teamRules[action as TeamAction];
      if (!rule) return deny('action does not apply to a team');
      const ofTeam = hasRole(actor, 'doctor') && actor.kind === 'account' && actor.staff.institutionId === subject.institutionId && actor.staff.teamId === subject.teamId;
      if (rule.doctor && ofTeam) return { allowed: true, basis: 'doctor' };
      if (rule.lead && ofTeam && facts.teamLead === true) return { allowed: true, basis: 'doctor' };
      if (rule.admin && hasRole(actor, 'admin')) return { allowed: true, basis: 'admin' };
      return deny(rule.lead ? 'not the lead of this team' : 'not a doctor of this team');
    }
    case 'referral': {
      if (action === 'referral.respond') {
        return specialistOf(actor, subject.toInstitutionId) ? { allowed: true, basis: 'specialist' } : deny('not a specialist of the receiving institution');
      }
      if (action === 'referral.cancel') {
        const ofTeam = hasRole(actor, 'doctor') && actor.kind === 'account' && actor.staff.institutionId === subject.institutionId && actor.staff.teamId === subject.teamId;
        return ofTeam ? { allowed: true, basis: 'doctor' } : deny('not a doctor of the referring team');
      }
      return deny('action does not apply to a referral');
    }
    case 'programme': {
      const rule = programmeRules[action as ProgrammeAction];
      if (rule?.admin && hasRole(actor, 'admin')) return { allowed: true, basis: 'admin' };
      return deny('programme administration is for admins');
    }
  }
}

function decideForResident(actor: Actor, action: ResidentAction, subject: Extract<Subject, { kind: 'resident' }>, facts: AccessFacts): Decision {
  const rule = residentRules[action];
  if (!rule) return deny('action does not apply to a resident');
  if (actor.kind === 'integration') {
    return rule.integration && actor.institutionId === subject.institutionId ? { allowed: true, basis: 'integration' } : deny('not this institution');
  }
  // Acting as themselves comes first: a doctor who is also a resident reads their own record as a resident.
  if (actor.residentId !== null && actor.residentId === subject.residentId) {
    return rule.self ? { allowed: true, basis: 'self' } : deny('not for the resident themselves');
  }
  const link = facts.proxyLink;
  if (link && rule.proxyScope && link.scopes.includes(rule.proxyScope)) {
    if (rule.proxyNeedsSharing && facts.familySharing?.[rule.proxyNeedsSharing] !== true) return deny(`the resident does not share the ${rule.proxyNeedsSharing}`);
    return { allowed: true, basis: 'proxy', proxyLinkId: link.id };
  }
  if (rule.doctor && hasRole(actor, 'doctor') && actor.staff.institutionId && actor.staff.institutionId === subject.institutionId) {
    if (rule.doctor === 'institution') return { allowed: true, basis: 'doctor' };
    if (actor.staff.teamId && actor.staff.teamId === subject.teamId) return { allowed: true, basis: 'doctor' };
  }
  if (rule.specialist && facts.comanaged === true && coversInstitution(actor, subject.institutionId)) return { allowed: true, basis: 'specialist' };
  if (rule.admin && hasRole(actor, 'admin')) return { allowed: true, basis: 'admin' };
  if (link) return deny(rule.proxyScope ? `proxy lacks the ${rule.proxyScope} scope` : 'not for proxies');
  return deny('no relationship with this resident');
}
