// The services import the Taro runtime; these tests exercise only their pure parts, so Taro is mocked.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));
jest.mock('../../../miniapp/platform', () => ({ platform: { kind: 'h5' } }));

import { errorMessages } from '../../../shared/errors';
import { idNumberCheckChar } from '../../../shared/identity';
import { ApiError } from '../../../miniapp/services/apiError';
import { consentHistoryItems } from '../../../miniapp/services/consent';
import { formatWait } from '../../../miniapp/services/displayTime';
import { headlineFor } from '../../../miniapp/services/home';
import { bindErrorView, checkDetailsForm, idNumberHint, normalizeBindingCode } from '../../../miniapp/services/identity';
import {
  deviceLabelOf,
  onboardingStepOf,
  workbenchRouteOf,
  profileOptions,
  proxyDenialOutcome,
  readProfileResponse,
  reconcileActiveProfile,
  routeForStep,
  type ProfileView,
} from '../../../miniapp/services/profile';
import { invitationCodeFrom, readNotices, readProxyLinks, scopeLabels } from '../../../miniapp/services/proxies';
import { parseActiveProfile, type ActiveProfile } from '../../../miniapp/state/activeProfile';

const now = new Date('2026-03-01T08:00:00+08:00');
const first17 = '11010119550312001';
const validId = first17 + idNumberCheckChar(first17);
const wrongCheck = first17 + (idNumberCheckChar(first17) === '1' ? '2' : '1');

const profileData = {
  accountId: 'acc-1',
  roles: [],
  staff: {},
  consents: { privacyGuide: { status: 'accepted', version: '2026-01', at: null }, healthData: { status: 'accepted', version: '2026-01', at: null } },
  resident: { residentId: 'res-self', name: '王建国', idNumberMasked: '1101**********0013', phoneMasked: '138****0001', ageYears: 71, sex: 'male', institutionId: 'i', teamId: null },
  actingFor: [{ linkId: 'l1', residentId: 'res-mom', residentName: '刘秀英', relationship: '女儿', scopes: ['view', 'redeem'] }],
};

const profile = (overrides: Partial<ProfileView> = {}): ProfileView => ({ ...readProfileResponse(profileData), ...overrides });

describe('ID number as the user types', () => {
  test.each([
    ['', 'neutral', '共18位'],
    ['1101011955', 'neutral', '还差 8 位'],
    ['11010x', 'error', errorMessages.id_number_format_invalid],
    [wrongCheck, 'error', errorMessages.id_number_checksum_invalid],
    [validId, 'ok', '格式正确'],
    [`${validId.slice(0, 6)} ${validId.slice(6)}`, 'ok', '格式正确'],
  ])('%p → %s', (raw, tone, text) => {
    const hint = idNumberHint(raw, now);
    expect(hint.tone).toBe(tone);
    expect(hint.text).toContain(text);
  });
});

describe('bind-by-details form', () => {
  test('every wrong field gets its own sentence', () => {
    const result = checkDetailsForm({ name: '', idNumber: wrongCheck, phone: '12345', phoneCode: null }, now);
    expect(result).toEqual({
      ok: false,
      errors: { name: '请填写姓名（与身份证上一致）', idNumber: errorMessages.id_number_checksum_invalid, phone: errorMessages.phone_format_invalid },
    });
  });

  test('normalized values are sent; a WeChat phone code replaces the typed phone', () => {
    expect(checkDetailsForm({ name: ' 王建国 ', idNumber: validId.toLowerCase(), phone: '+86 138-0000-0001', phoneCode: null }, now)).toEqual({
      ok: true,
      body: { method: 'details', name: '王建国', idNumber: validId, phone: '13800000001' },
    });
    expect(checkDetailsForm({ name: '王建国', idNumber: validId, phone: '', phoneCode: 'wx-code' }, now)).toEqual({
      ok: true,
      body: { method: 'details', name: '王建国', idNumber: validId, phoneCode: 'wx-code' },
    });
  });

  test('binding codes are normalized like the clinic prints them', () => {
    expect(normalizeBindingCode(' jkcz-8888 ')).toBe('JKCZ8888');
    expect(normalizeBindingCode('JKCZ-888')).toBeNull();
    expect(normalizeBindingCode('OIL0-8888')).toBeNull();
  });
});

describe('bind errors', () => {
  test('binding_locked says when to try again', () => {
    const view = bindErrorView(new ApiError({ code: 'binding_locked', status: 429, details: { retryAfterSeconds: 900 } }), now);
    expect(view.locked).toBe(true);
    expect(view.message).toContain('约 15 分钟后');
    expect(view.message).toMatch(/请在 (\d{4}年)?\d+月\d+日 \d{2}:\d{2}/);
  });

  test('not matched keeps the wording that never reveals whether an archive exists', () => {
    const view = bindErrorView(new ApiError({ code: 'binding_details_not_matched', status: 422 }), now);
    expect(view).toEqual({ message: errorMessages.binding_details_not_matched, field: null, locked: false });
  });

  test('validation codes point at their field', () => {
    expect(bindErrorView(new ApiError({ code: 'id_number_region_invalid', status: 400 })).field).toBe('idNumber');
    expect(bindErrorView(new ApiError({ code: 'binding_code_expired', status: 422 })).field).toBe('code');
    expect(bindErrorView(new Error('boom')).message).toBe(errorMessages.internal_error);
  });

  test('waits are rounded up', () => {
    expect(formatWait(30)).toBe('约 1 分钟');
    expect(formatWait(7200)).toBe('约 2 小时');
  });
});

describe('profile view model and onboarding', () => {
  test('maps the response', () => {
    const view = profile();
    expect(view.resident?.idNumberMasked).toBe('1101**********0013');
    expect(view.actingFor[0]?.scopes).toEqual(['view', 'redeem']);
    expect(() => readProfileResponse({})).toThrow(expect.objectContaining({ code: 'unexpected_response' }));
  });

  test('onboarding goes privacy guide → health data → bind → done', () => {
    const consents = (privacyGuide: string, healthData: string) => ({ privacyGuide, healthData }) as ProfileView['consents'];
    expect(onboardingStepOf(profile({ consents: consents('none', 'none') }))).toBe('privacyGuide');
    expect(onboardingStepOf(profile({ consents: consents('outdated', 'accepted') }))).toBe('privacyGuide');
    expect(onboardingStepOf(profile({ consents: consents('accepted', 'none') }))).toBe('healthData');
    expect(onboardingStepOf(profile({ consents: consents('accepted', 'declined') }))).toBe('healthDataDeclined');
    expect(onboardingStepOf(profile({ resident: null, actingFor: [] }))).toBe('bind');
    expect(onboardingStepOf(profile({ resident: null }))).toBe('done');
    expect(onboardingStepOf(profile())).toBe('done');
    expect(routeForStep('healthData')).toBe('/pages/consent/index?step=healthData');
  });

  test('staff skip the resident onboarding and land on their workbench (issue 14)', () => {
    const none = { privacyGuide: 'none', healthData: 'none' } as ProfileView['consents'];
    const declined = { privacyGuide: 'accepted', healthData: 'declined' } as ProfileView['consents'];
    const staff = (roles: string[], consents = none) => profile({ roles, isStaff: true, consents, resident: null, actingFor: [] });
    expect(onboardingStepOf(staff(['cashier']))).toBe('done');
    expect(onboardingStepOf(staff(['cashier'], declined))).toBe('done');
    expect(onboardingStepOf(staff(['doctor']))).toBe('done');
    expect(workbenchRouteOf(staff(['cashier']))).toBe('/subpackages/pharmacy/home/index');
    expect(workbenchRouteOf(staff(['doctor']))).toBe('/subpackages/doctor/panel/index');
    expect(workbenchRouteOf(staff(['admin']))).toBe('/subpackages/admin/report/index');
    expect(workbenchRouteOf(staff(['specialist']))).toBe('/subpackages/specialist/queue/index');
    expect(workbenchRouteOf(profile())).toBeNull();
    // A doctor who is also a resident with an archive goes through the resident's consents like anyone.
    expect(onboardingStepOf(profile({ roles: ['doctor'], isStaff: true, consents: none }))).toBe('privacyGuide');
  });
});

describe('active profile', () => {
  const self: ActiveProfile = { accountId: 'acc-1', residentId: 'res-self', name: '王建国', relation: 'self', scopes: [], switchable: true };
  const mom: ActiveProfile = { accountId: 'acc-1', residentId: 'res-mom', name: '刘秀英', relation: 'proxy', scopes: ['view', 'redeem'], switchable: true };

  test('options: own archive first, then the residents served', () => {
    expect(profileOptions(profile())).toEqual([self, mom]);
    expect(profileOptions(profile({ actingFor: [] }))).toEqual([{ ...self, switchable: false }]);
  });

  test('a still-allowed profile stays; a revoked proxy profile is dropped and reported', () => {
    expect(reconcileActiveProfile(mom, profile())).toEqual({ next: mom, dropped: null });
    expect(reconcileActiveProfile(mom, profile({ actingFor: [] }))).toEqual({ next: { ...self, switchable: false }, dropped: mom });
    expect(reconcileActiveProfile(mom, profile({ resident: null, actingFor: [] }))).toEqual({ next: null, dropped: mom });
  });

  test('another account’s stored profile is never reused', () => {
    expect(reconcileActiveProfile({ ...mom, accountId: 'someone-else' }, profile())).toEqual({ next: self, dropped: null });
  });

  test('a single served resident is chosen for a pure family-member account; several are not', () => {
    const one = profile({ resident: null });
    expect(reconcileActiveProfile(null, one).next?.residentId).toBe('res-mom');
    const two = profile({ resident: null, actingFor: [...one.actingFor, { linkId: 'l2', residentId: 'res-dad', residentName: '陈福生', relationship: null, scopes: ['view'] }] });
    expect(reconcileActiveProfile(null, two).next).toBeNull();
  });

  test('a 403 for a proxy: revoked link vs missing scope', () => {
    const revoked = proxyDenialOutcome(mom, profile({ actingFor: [] }));
    expect(revoked.kind).toBe('revoked');
    expect(revoked.message).toContain('刘秀英 已解除与您的家人代办关系');
    const missing = proxyDenialOutcome(mom, profile());
    expect(missing.kind).toBe('missingScope');
    expect(missing.message).toContain('「查看」、「积分抵扣」');
  });

  test('stored values are parsed defensively', () => {
    expect(parseActiveProfile(JSON.stringify(mom))).toEqual(mom);
    expect(parseActiveProfile('{bad')).toBeNull();
    expect(parseActiveProfile({ ...mom, relation: 'boss' })).toBeNull();
  });
});

describe('proxy view models', () => {
  test('scope labels in a fixed order', () => {
    expect(scopeLabels(['redeem', 'view'])).toEqual(['查看', '积分抵扣']);
  });

  test('invitation code from a QR payload or typed', () => {
    expect(invitationCodeFrom('pages/proxy/accept/index?code=ABCD2345')).toBe('ABCD2345');
    expect(invitationCodeFrom(' ABCD-2345 ')).toBe('ABCD-2345');
  });

  test('links from both sides', () => {
    const link = { linkId: 'l1', residentId: 'r', residentName: '王建国', proxyAccountId: 'p', relationship: '女儿', scopes: ['view'], status: 'active', createdAt: '2026-03-01T00:00:00Z', createdVia: 'invitation', revokedAt: null };
    const view = readProxyLinks({ asResident: [link], asProxy: [{ ...link, status: 'revoked', createdVia: 'staffVerification', revokedAt: '2026-03-02T00:00:00Z' }] });
    expect(view.asResident[0]).toMatchObject({ title: '女儿（代办人）', active: true, scopeLabels: ['查看'], viaText: '通过邀请码添加' });
    expect(view.asProxy[0]).toMatchObject({ title: '王建国（您是其女儿）', active: false, viaText: '签约机构现场核验后添加' });
  });

  test('notices count the unread ones', () => {
    const notices = readNotices({ notices: [{ noticeId: 'n1', kind: 'k', title: 't', body: 'b', createdAt: '2026-03-01T00:00:00Z', read: false }, { noticeId: 'n2', kind: 'k', title: 't', body: 'b', createdAt: '2026-03-01T00:00:00Z', read: true }] });
    expect(notices.unreadCount).toBe(1);
    expect(notices.items).toHaveLength(2);
  });

  test('consent history labels', () => {
    const [item] = consentHistoryItems({ entries: [{ document: 'healthData', version: '2026-01', decision: 'declined', at: '2026-03-01T00:00:00Z' }] });
    expect(item).toMatchObject({ documentLabel: '健康数据单独同意', decisionLabel: '不同意', tone: 'negative' });
  });

  test('headline and device labels', () => {
    expect(headlineFor('self', '王建国')).toBe('您好，王建国');
    expect(headlineFor('proxy', '王建国')).toBe('您好！您正在为 王建国 代办');
    expect(headlineFor('none', null)).toBe('您好');
    expect(deviceLabelOf('Mozilla/5.0 (iPhone; …) MicroMessenger/8.0 miniProgram')).toBe('微信小程序');
    expect(deviceLabelOf('factory')).toBe('其他设备');
  });
});
