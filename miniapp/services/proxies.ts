import { proxyActivitySchema, type ProxyActivityDto } from '../../shared/api/care';
import { shanghaiDate } from '../../shared/time/shanghai';
import { dayText, timeText } from '../../shared/vocabulary';
import { getActiveProfile, type ActiveProfile } from '../state/activeProfile';
import { invitationView, proxyLinkResult, proxyLinksView, residentNoticesView, type InvitationDto, type ProxyLinkDto } from '../../shared/api/identity';
import { parsed, parsedNow } from './apiSchema';
import { ApiError } from './apiError';
import { formatDate, formatDateTime } from './displayTime';
import { api } from './http';
import { fetchProfile, loadMyProfile, profileOptions, residentRequest, type ProxyScope } from './profile';

/**
 * 家人代办 (family proxies):
 *   POST /api/residents/:residentId/invitations       { scopes, relationship? } → code + QR + expiry
 *   POST /api/invitations/accept                      { code }
 *   GET  /api/me/proxy-links                          links from both sides
 *   POST /api/proxy-links/:linkId/revoke              either side, effective at once
 *   GET  /api/residents/:residentId/proxy-activity    家人代办记录 (per day, per relative)
 *   GET  /api/residents/:residentId/notices           通知
 */
export interface ScopeOption {
  scope: ProxyScope;
  label: string;
  /** Plain words: what the family member will be able to do. */
  description: string;
}

export const scopeOptions: readonly ScopeOption[] = [
  { scope: 'view', label: '查看', description: '查看您的健康档案、血压血糖记录和积分（只能看，不能改）' },
  { scope: 'logReadings', label: '记录读数', description: '帮您记录在家量的血压、血糖' },
  { scope: 'book', label: '预约', description: '帮您预约随访和检查' },
  { scope: 'redeem', label: '积分抵扣', description: '在药店用您的积分抵扣药费（每次抵扣都会通知您）' },
];

/** The account's number as a person reads it out: groups of four ("6b11 70ea 4cee …"). */
export function groupedAccountCode(accountId: string): string {
  return accountId.replace(/(.{4})(?=.)/g, '$1 ');
}

/** How a relative is related, as chips (ChipGroup): the word is its own key and what the records say. */
export const relationshipOptions = ['女儿', '儿子', '配偶', '儿媳', '女婿', '孙辈', '其他亲属'].map((word) => ({ key: word, label: word }));

export function scopeLabels(scopes: readonly string[]): string[] {
  return scopeOptions.filter((option) => scopes.includes(option.scope)).map((option) => option.label);
}

/** The signed-in account's own archive as a profile (for pages about "my" archive). */
async function ownProfile(): Promise<ActiveProfile> {
  const profile = await fetchProfile();
  const own = profileOptions(profile).find((option) => option.relation === 'self');
  if (!own) throw new ApiError({ code: 'account_not_bound', status: 403 });
  return own;
}

// ---------------------------------------------------------------------------------------------
// Invitations

export interface InvitationView {
  code: string;
  /** The mini-program page the QR and the shared message open: `pages/proxy/accept/index?code=…`. */
  acceptPath: string;
  qrDataUrl: string;
  scopeLabels: string[];
  relationship: string | null;
  expiresAtText: string;
}

export function readInvitation(invitation: InvitationDto): InvitationView {
  return {
    code: invitation.code,
    acceptPath: invitation.qrPayload,
    qrDataUrl: invitation.qrDataUrl,
    scopeLabels: scopeLabels(invitation.scopes),
    relationship: invitation.relationship,
    expiresAtText: formatDateTime(invitation.expiresAt),
  };
}

export async function createInvitation(input: { scopes: ProxyScope[]; relationship: string | null }): Promise<InvitationView> {
  const own = await ownProfile();
  const data = await parsed(
    invitationView,
    residentRequest('/invitations', { method: 'POST', body: { scopes: input.scopes, ...(input.relationship ? { relationship: input.relationship } : {}) } }, own),
  );
  return readInvitation(data);
}

/** What a WeChat friend receives: who invites, and the accept page with the code. */
export function invitationShareMessage(invitation: Pick<InvitationView, 'acceptPath'>, inviterName: string): { title: string; path: string } {
  return { title: `${inviterName}邀请您帮忙办理健康存折（24小时内有效）`, path: `/${invitation.acceptPath.replace(/^\//, '')}` };
}

/** The code from what a scan read: the QR payload `pages/proxy/accept/index?code=…` or a bare code. */
export function invitationCodeFrom(scanned: string): string {
  const match = /[?&]code=([^&#]+)/.exec(scanned);
  return decodeURIComponent(match?.[1] ?? scanned).trim();
}

export interface AcceptedInvitation {
  residentName: string;
  scopeLabels: string[];
  /** The resident's profile, ready to switch to. */
  option: ActiveProfile | null;
}

/** `relationship`: how the relative is related (女儿 …), used when the invitation did not say. */
export async function acceptInvitation(code: string, relationship: string | null = null): Promise<AcceptedInvitation> {
  const { link } = await parsed(proxyLinkResult, api.post('/api/invitations/accept', { code: code.trim(), ...(relationship ? { relationship } : {}) }));
  const { profile } = await loadMyProfile();
  const option = profileOptions(profile).find((candidate) => candidate.relation === 'proxy' && candidate.residentId === link.residentId) ?? null;
  return { residentName: link.residentName ?? option?.name ?? '家人', scopeLabels: scopeLabels(link.scopes), option };
}

// ---------------------------------------------------------------------------------------------
// Links from both sides

export interface ProxyLinkItem {
  linkId: string;
  /** Whom the row is about: the family member (as resident) or the resident (as proxy). */
  title: string;
  scopeLabels: string[];
  active: boolean;
  sinceText: string;
  revokedText: string;
  viaText: string;
}

export interface ProxyLinksView {
  /** Family members acting for me. */
  asResident: ProxyLinkItem[];
  /** Residents I act for. */
  asProxy: ProxyLinkItem[];
}

function readLink(link: ProxyLinkDto, side: 'asResident' | 'asProxy'): ProxyLinkItem {
  const relationship = link.relationship;
  const title = side === 'asResident' ? `${relationship ?? '家人'}（代办人）` : `${link.residentName ?? '家人'}${relationship ? `（您是其${relationship}）` : ''}`;
  return {
    linkId: link.linkId,
    title,
    scopeLabels: scopeLabels(link.scopes),
    active: link.status === 'active',
    sinceText: formatDate(link.createdAt),
    revokedText: formatDate(link.revokedAt),
    viaText: link.createdVia === 'staffVerification' ? '签约机构现场核验后添加' : '通过邀请码添加',
  };
}

export function readProxyLinks(value: unknown): ProxyLinksView {
  const links = parsedNow(proxyLinksView, value);
  return { asResident: links.asResident.map((link) => readLink(link, 'asResident')), asProxy: links.asProxy.map((link) => readLink(link, 'asProxy')) };
}

export async function loadProxyLinks(): Promise<ProxyLinksView> {
  return readProxyLinks(await api.get('/api/me/proxy-links'));
}

/** Either side ends a link; the active profile is re-checked at once (a proxy may lose it). */
export async function revokeProxyLink(linkId: string): Promise<void> {
  await parsed(proxyLinkResult, api.post(`/api/proxy-links/${encodeURIComponent(linkId)}/revoke`, {}));
  if (getActiveProfile()) await loadMyProfile();
}

// ---------------------------------------------------------------------------------------------
// 家人代办记录 and 通知 (about my own archive)

export interface ActivityPersonView {
  key: string;
  /** "女儿" */
  who: string;
  /** "查看了健康记录 6 次、记录了自测数据" */
  summary: string;
  /** "08:10–09:30" (Shanghai) */
  timeText: string;
}

export interface ActivityDayView {
  day: string;
  /** "今天" / "昨天" / "3月9日" */
  dayText: string;
  people: ActivityPersonView[];
}

/** The service's collapsed activity → what the page lists (pure; `today` is a Shanghai day). */
export function activityDays(data: ProxyActivityDto, today: string): ActivityDayView[] {
  const yesterday = shanghaiDate(new Date(Date.parse(`${today}T12:00:00+08:00`) - 86_400_000));
  return data.days.map((d) => ({
    day: d.day,
    dayText: d.day === today ? '今天' : d.day === yesterday ? '昨天' : dayText(d.day, { today }),
    people: d.people.map((p, index) => {
      const first = timeText(p.firstAt);
      const last = timeText(p.lastAt);
      return {
        key: `${p.proxyLinkId ?? 'unknown'}-${index}`,
        who: p.who,
        summary: p.things.map((t) => (t.count > 1 ? `${t.text} ${t.count} 次` : t.text)).join('、'),
        timeText: first === last ? first : `${first}–${last}`,
      };
    }),
  }));
}

export async function loadProxyActivity(now: Date = new Date()): Promise<ActivityDayView[]> {
  const own = await ownProfile();
  const data = await parsed(proxyActivitySchema, residentRequest('/proxy-activity', {}, own));
  return activityDays(data, shanghaiDate(now));
}

export interface NoticeItem {
  id: string;
  title: string;
  body: string;
  atText: string;
  read: boolean;
}

export interface NoticesView {
  items: NoticeItem[];
  unreadCount: number;
}

export function readNotices(value: unknown): NoticesView {
  const items = parsedNow(residentNoticesView, value).notices.map((notice) => ({
    id: notice.noticeId,
    title: notice.title,
    body: notice.body,
    atText: formatDateTime(notice.createdAt),
    read: notice.read,
  }));
  return { items, unreadCount: items.filter((item) => !item.read).length };
}

export async function loadNotices(profile?: ActiveProfile): Promise<NoticesView> {
  const own = profile ?? (await ownProfile());
  return readNotices(await residentRequest('/notices', {}, own));
}
