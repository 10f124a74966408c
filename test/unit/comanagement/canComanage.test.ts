import { can, residentActions, type Action, type Subject } from '../../../server/authz/can';
import type { AccountActor, Actor } from '../../../server/http/actor';

/**
 * Co-management in the one authorization module (server/authz/can.ts): a specialist of a
 * higher-level hospital reaches a resident only when assigned to the resident's institution AND the
 * resident is in co-management; referrals are answered by the receiving hospital's specialists and
 * withdrawn by the referring team; the scorecard of a team is its lead's (and the admins').
 */
const account = (over: Partial<AccountActor> = {}): AccountActor => ({ kind: 'account', accountId: 'acc', sessionId: 's', roles: [], residentId: null, staff: {}, ...over });
const R: Subject = { kind: 'resident', residentId: 'R', institutionId: 'inst-1', teamId: 'team-1' };
const specialist = account({ roles: ['specialist'], staff: { institutionId: 'hosp-1', coversInstitutionIds: ['inst-1', 'inst-3'] } });
const specialistElsewhere = account({ roles: ['specialist'], staff: { institutionId: 'hosp-2', coversInstitutionIds: ['inst-2'] } });
const doctorTeam = account({ roles: ['doctor'], staff: { institutionId: 'inst-1', teamId: 'team-1' } });
const doctorOtherTeam = account({ roles: ['doctor'], staff: { institutionId: 'inst-1', teamId: 'team-2' } });
const admin = account({ roles: ['admin'] });
const allowed = (actor: Actor, action: Action, subject: Subject, facts = {}) => can(actor, action, subject, facts).allowed;

describe('co-management authorization', () => {
  test('a specialist reviews and records only for residents in co-management at an assigned institution', () => {
    for (const action of ['resident.comanagement.review', 'resident.specialistVisits.record'] as const) {
      expect(can(specialist, action, R, { comanaged: true })).toEqual({ allowed: true, basis: 'specialist' });
      expect(allowed(specialist, action, R, { comanaged: false })).toBe(false);
      expect(allowed(specialist, action, R)).toBe(false);
      expect(allowed(specialistElsewhere, action, R, { comanaged: true })).toBe(false);
      expect(allowed(doctorTeam, action, R, { comanaged: true })).toBe(false);
      expect(allowed(admin, action, R, { comanaged: true })).toBe(false);
    }
  });

  test('a specialist reaches nothing else of a resident, in co-management or not', () => {
    const specialistActions = new Set(['resident.comanagement.review', 'resident.specialistVisits.record']);
    for (const action of residentActions.filter((a) => !specialistActions.has(a))) expect(allowed(specialist, action, R, { comanaged: true })).toBe(false);
  });

  test("the team reads, requests, refers and recommends; other teams do not; the quiz and the survey are the resident's own", () => {
    for (const action of ['resident.comanagement.read', 'resident.comanagement.request', 'resident.referrals.create', 'resident.education.assign'] as const) {
      expect(allowed(doctorTeam, action, R)).toBe(true);
      expect(allowed(doctorOtherTeam, action, R)).toBe(false);
    }
    const self = account({ residentId: 'R' });
    const proxyViewing = { proxyLink: { id: 'l', scopes: ['view', 'logReadings', 'book', 'redeem'] } };
    for (const action of ['resident.education.complete', 'resident.surveys.answer'] as const) {
      expect(allowed(self, action, R)).toBe(true);
      expect(allowed(account(), action, R, proxyViewing)).toBe(false);
      expect(allowed(doctorTeam, action, R)).toBe(false);
    }
    expect(allowed(account(), 'resident.education.read', R, proxyViewing)).toBe(true);
  });

  test('the queue: assigned institutions only; the referral inbox: own hospital only', () => {
    expect(allowed(specialist, 'institution.comanagement.queue', { kind: 'institution', institutionId: 'inst-3' })).toBe(true);
    expect(allowed(specialist, 'institution.comanagement.queue', { kind: 'institution', institutionId: 'inst-2' })).toBe(false);
    expect(allowed(doctorTeam, 'institution.comanagement.queue', { kind: 'institution', institutionId: 'inst-1' })).toBe(false);
    expect(allowed(specialist, 'institution.referrals.receive', { kind: 'institution', institutionId: 'hosp-1' })).toBe(true);
    expect(allowed(specialist, 'institution.referrals.receive', { kind: 'institution', institutionId: 'inst-1' })).toBe(false);
  });

  test('a referral is answered by the receiving hospital and withdrawn by the referring team', () => {
    const referral: Subject = { kind: 'referral', residentId: 'R', institutionId: 'inst-1', teamId: 'team-1', toInstitutionId: 'hosp-1' };
    expect(can(specialist, 'referral.respond', referral)).toEqual({ allowed: true, basis: 'specialist' });
    expect(allowed(specialistElsewhere, 'referral.respond', referral)).toBe(false);
    expect(allowed(doctorTeam, 'referral.respond', referral)).toBe(false);
    expect(can(doctorTeam, 'referral.cancel', referral)).toEqual({ allowed: true, basis: 'doctor' });
    expect(allowed(doctorOtherTeam, 'referral.cancel', referral)).toBe(false);
    expect(allowed(specialist, 'referral.cancel', referral)).toBe(false);
  });

  test("a team's scorecard: its lead and the admins", () => {
    const team: Subject = { kind: 'team', institutionId: 'inst-1', teamId: 'team-1' };
    expect(allowed(doctorTeam, 'team.scorecard.read', team, { teamLead: true })).toBe(true);
    expect(allowed(doctorTeam, 'team.scorecard.read', team, { teamLead: false })).toBe(false);
    expect(allowed(doctorOtherTeam, 'team.scorecard.read', team, { teamLead: true })).toBe(false);
    expect(can(admin, 'team.scorecard.read', team)).toEqual({ allowed: true, basis: 'admin' });
    expect(allowed(doctorTeam, 'team.education.manage', team)).toBe(true);
  });
});
