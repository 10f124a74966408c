import { can, residentActions, type Action, type Subject } from '../../../server/authz/can';
import type { AccountActor, Actor } from '../../../server/http/actor';

const account = (over: Partial<AccountActor> = {}): AccountActor => ({ kind: 'account', accountId: 'acc', sessionId: 's', roles: [], residentId: null, staff: {}, ...over });
const R: Subject = { kind: 'resident', residentId: 'R', institutionId: 'inst-1', teamId: 'team-1' };
const linkWith = (...scopes: string[]) => ({ proxyLink: { id: 'link-1', scopes } });

const resident = account({ residentId: 'R' });
const other = account({ residentId: 'S' });
const doctorTeam = account({ roles: ['doctor'], staff: { institutionId: 'inst-1', teamId: 'team-1' } });
const doctorOtherTeam = account({ roles: ['doctor'], staff: { institutionId: 'inst-1', teamId: 'team-2' } });
const doctorOtherInstitution = account({ roles: ['doctor'], staff: { institutionId: 'inst-2', teamId: 'team-1' } });
const doctorWithoutInstitution = account({ roles: ['doctor'], staff: {} });
const cashier = account({ roles: ['cashier'], staff: { pharmacyId: 'ph-1' } });
const admin = account({ roles: ['admin'] });
const integration: Actor = { kind: 'integration', clientId: 'his-1', institutionId: 'inst-1' };
const otherIntegration: Actor = { kind: 'integration', clientId: 'his-2', institutionId: 'inst-2' };

const allowed = (actor: Actor | undefined, action: Action, subject: Subject, facts = {}) => can(actor, action, subject, facts).allowed;

describe('can(actor, action, subject)', () => {
  test.each([
    ['resident.profile.read', 'view'],
    ['resident.readings.write', 'logReadings'],
    ['resident.followups.book', 'book'],
    ['resident.points.redeem', 'redeem'],
  ] as const)('%s: the resident, a proxy holding %s, not a proxy without it', (action, scope) => {
    expect(can(resident, action, R)).toEqual({ allowed: true, basis: 'self' });
    expect(can(account(), action, R, linkWith(scope))).toEqual({ allowed: true, basis: 'proxy', proxyLinkId: 'link-1' });
    const others = ['view', 'logReadings', 'book', 'redeem'].filter((s) => s !== scope);
    expect(allowed(account(), action, R, linkWith(...others))).toBe(false);
    expect(allowed(account(), action, R, { proxyLink: null })).toBe(false);
    expect(allowed(other, action, R)).toBe(false);
    expect(allowed(undefined, action, R)).toBe(false);
  });

  test('only the resident manages proxies and reads notices; proxies with every scope cannot', () => {
    for (const action of ['resident.proxies.manage', 'resident.notices.read'] as const) {
      expect(allowed(resident, action, R)).toBe(true);
      expect(allowed(account(), action, R, linkWith('view', 'logReadings', 'book', 'redeem'))).toBe(false);
      expect(allowed(admin, action, R)).toBe(false);
    }
  });

  test('doctors: own team for clinical reads, own institution for clinic desk actions, never elsewhere', () => {
    expect(can(doctorTeam, 'resident.profile.read', R)).toEqual({ allowed: true, basis: 'doctor' });
    expect(allowed(doctorOtherTeam, 'resident.profile.read', R)).toBe(false);
    expect(allowed(doctorOtherTeam, 'resident.bindingCode.issue', R)).toBe(true);
    expect(allowed(doctorOtherTeam, 'resident.identity.readFull', R)).toBe(true);
    expect(allowed(doctorOtherInstitution, 'resident.bindingCode.issue', R)).toBe(false);
    expect(allowed(doctorOtherInstitution, 'resident.profile.read', R)).toBe(false);
    expect(allowed(doctorWithoutInstitution, 'resident.profile.read', { ...R, teamId: null })).toBe(false);
    expect(allowed(doctorTeam, 'resident.points.redeem', R)).toBe(false);
  });

  test('cashiers never reach resident data; only their own pharmacy', () => {
    for (const action of residentActions) expect(allowed(cashier, action, R)).toBe(false);
    expect(can(cashier, 'pharmacy.checkouts.create', { kind: 'pharmacy', pharmacyId: 'ph-1' })).toEqual({ allowed: true, basis: 'cashier' });
    expect(allowed(cashier, 'pharmacy.checkouts.read', { kind: 'pharmacy', pharmacyId: 'ph-2' })).toBe(false);
    expect(allowed(admin, 'pharmacy.checkouts.read', { kind: 'pharmacy', pharmacyId: 'ph-2' })).toBe(true);
    expect(allowed(admin, 'pharmacy.checkouts.create', { kind: 'pharmacy', pharmacyId: 'ph-2' })).toBe(false);
  });

  test('admins read and administer but never act for a resident', () => {
    expect(allowed(admin, 'resident.profile.read', R)).toBe(true);
    expect(allowed(admin, 'resident.auditLog.read', R)).toBe(true);
    expect(allowed(admin, 'resident.points.redeem', R)).toBe(false);
    expect(allowed(admin, 'programme.staff.assign', { kind: 'programme' })).toBe(true);
    expect(allowed(doctorTeam, 'programme.audit.read', { kind: 'programme' })).toBe(false);
  });

  test('integration clients: their own institution only', () => {
    expect(can(integration, 'resident.archive.write', R)).toEqual({ allowed: true, basis: 'integration' });
    expect(allowed(otherIntegration, 'resident.archive.write', R)).toBe(false);
    expect(allowed(integration, 'resident.profile.read', R)).toBe(false);
    expect(allowed(integration, 'institution.archives.import', { kind: 'institution', institutionId: 'inst-1' })).toBe(true);
    expect(allowed(otherIntegration, 'institution.archives.import', { kind: 'institution', institutionId: 'inst-1' })).toBe(false);
  });

  test('a proxy link is ended by either party and nobody else', () => {
    const link: Subject = { kind: 'proxyLink', residentId: 'R', proxyAccountId: 'proxy-acc' };
    expect(allowed(resident, 'proxyLink.revoke', link)).toBe(true);
    expect(allowed(account({ accountId: 'proxy-acc' }), 'proxyLink.revoke', link)).toBe(true);
    expect(allowed(other, 'proxyLink.revoke', link)).toBe(false);
    expect(allowed(admin, 'proxyLink.revoke', link)).toBe(false);
  });

  test('the weekly summary: the resident; a relative with view only while the resident shares it', () => {
    expect(can(resident, 'resident.weeklySummary.read', R)).toEqual({ allowed: true, basis: 'self' });
    expect(allowed(account(), 'resident.weeklySummary.read', R, linkWith('view'))).toBe(false);
    expect(allowed(account(), 'resident.weeklySummary.read', R, { ...linkWith('view'), familySharing: { weeklySummary: false } })).toBe(false);
    expect(can(account(), 'resident.weeklySummary.read', R, { ...linkWith('view'), familySharing: { weeklySummary: true } })).toEqual({ allowed: true, basis: 'proxy', proxyLinkId: 'link-1' });
    expect(allowed(account(), 'resident.weeklySummary.read', R, { ...linkWith('logReadings', 'book', 'redeem'), familySharing: { weeklySummary: true } })).toBe(false);
    expect(allowed(doctorTeam, 'resident.weeklySummary.read', R)).toBe(false);
    // What is shared, the resident alone decides; a relative's own notices need view.
    expect(allowed(resident, 'resident.familySharing.manage', R)).toBe(true);
    expect(allowed(account(), 'resident.familySharing.manage', R, linkWith('view', 'logReadings', 'book', 'redeem'))).toBe(false);
    expect(allowed(account(), 'resident.familyNotices.read', R, linkWith('view'))).toBe(true);
    expect(allowed(resident, 'resident.familyNotices.read', R)).toBe(false);
  });

  test('a doctor who is also the resident reads their own record as the resident', () => {
    const doctorResident = account({ residentId: 'R', roles: ['doctor'], staff: { institutionId: 'inst-1', teamId: 'team-1' } });
    expect(can(doctorResident, 'resident.profile.read', R)).toEqual({ allowed: true, basis: 'self' });
  });
});
