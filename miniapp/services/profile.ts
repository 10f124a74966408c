import { getActiveProfile, setActiveProfile, type ActiveProfile } from '../state/activeProfile';
import { roleLabel } from './account';
import { meProfileView, meSessionsView, sessionRevokedView, sessionsRevokedView, type ConsentStatus, type ProxyScope, type ResidentProfileDto } from '../../shared/api/identity';
import { parsed, parsedNow } from './apiSchema';
import { ApiError, isApiError } from './apiError';
import { api, type ApiRequestOptions } from './http';
import { restartAt, routes, staffWorkbenchRoutes } from './navigation';
import { clearSession, readSession } from './session';

/**
 * 我的 / who-am-I: `GET /api/me/profile` mapped to a view model, the onboarding step it implies
 * (privacy guide → health-data consent → binding), the profiles the account may act on, and the
 * one helper every resident-scoped call goes through (`residentGet`), which notices when a family
 * member's access was revoked and drops that profile with a clear message.
 */
export type { ConsentStatus, ProxyScope };

export interface ResidentCardView {
  residentId: string;
  name: string;
  idNumberMasked: string;
  /** null: no phone on the archive */
  phoneMasked: string | null;
}

export interface ActingForView {
  linkId: string;
  residentId: string;
  residentName: string;
  relationship: string | null;
  scopes: ProxyScope[];
}

export interface ProfileView {
  accountId: string;
  roles: string[];
  roleLabels: string[];
  isStaff: boolean;
  consents: { privacyGuide: ConsentStatus; healthData: ConsentStatus };
  resident: ResidentCardView | null;
  actingFor: ActingForView[];
}

const staffRoles: readonly string[] = ['doctor', 'specialist', 'admin', 'cashier'];

export function readResidentCard(resident: ResidentProfileDto): ResidentCardView {
  return { residentId: resident.residentId, name: resident.name, idNumberMasked: resident.idNumberMasked, phoneMasked: resident.phoneMasked };
}

/** Pure adapter for `GET /api/me/profile`'s data. */
export function readProfileResponse(value: unknown): ProfileView {
  const data = parsedNow(meProfileView, value);
  return {
    accountId: data.accountId,
    roles: data.roles,
    roleLabels: data.roles.map(roleLabel),
    isStaff: data.roles.some((role) => staffRoles.includes(role)),
    consents: { privacyGuide: data.consents.privacyGuide.status, healthData: data.consents.healthData.status },
    resident: data.resident ? readResidentCard(data.resident) : null,
    actingFor: data.actingFor.map((link) => ({ ...link, residentName: link.residentName || '家人' })),
  };
}

export type OnboardingStep = 'privacyGuide' | 'healthData' | 'healthDataDeclined' | 'bind' | 'done';

/**
 * Journey 1 in order: privacy guide, then the separate health-data consent, then binding. Staff
 * (cashier, doctor, admin, specialist) open the app to work, not to share their own health data: they skip the
 * resident's onboarding and land on their workbench (issue 14); 我的 still offers binding and the
 * consents if they are residents too.
 */
export function onboardingStepOf(profile: ProfileView): OnboardingStep {
  if (profile.isStaff && !profile.resident) return 'done';
  if (profile.consents.privacyGuide !== 'accepted') return 'privacyGuide';
  if (profile.consents.healthData === 'declined') return 'healthDataDeclined';
  if (profile.consents.healthData !== 'accepted') return 'healthData';
  if (!profile.resident && profile.actingFor.length === 0) return 'bind';
  return 'done';
}

export function routeForStep(step: OnboardingStep): string {
  switch (step) {
    case 'privacyGuide':
      return `${routes.consent}?step=privacyGuide`;
    case 'healthData':
      return `${routes.consent}?step=healthData`;
    case 'healthDataDeclined':
      return routes.consentDeclined;
    case 'bind':
      return routes.bind;
    case 'done':
      return routes.home;
  }
}

/** Every profile this account may act on: its own archive first, then the residents it serves. */
export function profileOptions(profile: ProfileView): ActiveProfile[] {
  const options: Omit<ActiveProfile, 'switchable'>[] = [];
  if (profile.resident) {
    options.push({ accountId: profile.accountId, residentId: profile.resident.residentId, name: profile.resident.name, relation: 'self', scopes: [] });
  }
  for (const link of profile.actingFor) {
    options.push({ accountId: profile.accountId, residentId: link.residentId, name: link.residentName, relation: 'proxy', scopes: link.scopes });
  }
  const switchable = options.length > 1;
  return options.map((option) => ({ ...option, switchable }));
}

export interface Reconciled {
  next: ActiveProfile | null;
  /** A proxy profile the account no longer has (the link was revoked): say so, once. */
  dropped: ActiveProfile | null;
}

/**
 * Which profile is active after the service told us what the account may act on: the current one
 * while it is still allowed (with fresh name and scopes), otherwise the account's own archive, or
 * the only resident a pure family-member account serves; nothing when there is no choice to make.
 */
export function reconcileActiveProfile(current: ActiveProfile | null, profile: ProfileView): Reconciled {
  const options = profileOptions(profile);
  const mine = current && current.accountId === profile.accountId ? current : null;
  const still = mine ? options.find((option) => option.residentId === mine.residentId && option.relation === mine.relation) : undefined;
  if (still) return { next: still, dropped: null };
  const fallback = options.find((option) => option.relation === 'self') ?? (options.length === 1 ? options[0] : undefined) ?? null;
  return { next: fallback, dropped: mine && mine.relation === 'proxy' ? mine : null };
}

export function revokedProfileMessage(dropped: Pick<ActiveProfile, 'name'>): string {
  return `${dropped.name} 已解除与您的家人代办关系，您不能再查看或办理 ${dropped.name} 的事项。已为您退出该档案。`;
}

const scopeNames: Record<ProxyScope, string> = { view: '查看', logReadings: '记录读数', book: '预约', redeem: '积分抵扣' };

export function missingScopeMessage(name: string, scopes: readonly string[]): string {
  const granted = scopes.filter((scope): scope is ProxyScope => scope in scopeNames).map((scope) => `「${scopeNames[scope]}」`);
  return `${name} 没有授权您办理这件事${granted.length > 0 ? `（您目前可以：${granted.join('、')}）` : ''}。如需要，请让 ${name} 重新邀请您并勾选相应权限。`;
}

export interface LoadedProfile {
  profile: ProfileView;
  active: ActiveProfile | null;
  /** Set when a proxy profile was just dropped because its link is gone. */
  droppedMessage: string | null;
}

export async function fetchProfile(): Promise<ProfileView> {
  return readProfileResponse(await api.get('/api/me/profile'));
}

/** Loads 我的 profile and brings the active profile in line with it. */
export async function loadMyProfile(): Promise<LoadedProfile> {
  const profile = await fetchProfile();
  const { next, dropped } = reconcileActiveProfile(getActiveProfile(), profile);
  setActiveProfile(next);
  return { profile, active: next, droppedMessage: dropped ? revokedProfileMessage(dropped) : null };
}

/** Where a staff member's work starts: the till, the doctor's panel, the programme report or the specialist's queue. */
export function workbenchRouteOf(profile: Pick<ProfileView, 'roles'>): string | null {
  if (profile.roles.includes('cashier')) return staffWorkbenchRoutes.cashier;
  if (profile.roles.includes('doctor')) return staffWorkbenchRoutes.doctor;
  if (profile.roles.includes('admin')) return staffWorkbenchRoutes.admin;
  if (profile.roles.includes('specialist')) return staffWorkbenchRoutes.specialist;
  return null;
}

/** After login (or any step of it): the next onboarding page; when all is done, the workbench or home. */
export async function continueOnboarding(): Promise<OnboardingStep> {
  const { profile } = await loadMyProfile();
  const step = onboardingStepOf(profile);
  // Staff start on their workbench (WeChat's navigation bar shows its 首页 button there).
  const workbench = step === 'done' ? workbenchRouteOf(profile) : null;
  await restartAt(workbench ?? routeForStep(step));
  return step;
}

export function chooseProfile(option: ActiveProfile): Promise<unknown> {
  setActiveProfile(option);
  return restartAt(routes.home);
}

/**
 * Pure: what a 403 on a resident-scoped request means for the active proxy profile — the link is
 * gone (drop the profile) or it lacks the scope (keep it, explain).
 */
export function proxyDenialOutcome(active: ActiveProfile, profile: ProfileView): { kind: 'revoked' | 'missingScope'; message: string; next: ActiveProfile | null } {
  const reconciled = reconcileActiveProfile(active, profile);
  if (reconciled.dropped) return { kind: 'revoked', message: revokedProfileMessage(active), next: reconciled.next };
  return { kind: 'missingScope', message: missingScopeMessage(active.name, reconciled.next?.scopes ?? active.scopes), next: reconciled.next };
}

export function residentPath(residentId: string, suffix: string): string {
  return `/api/residents/${encodeURIComponent(residentId)}${suffix}`;
}

/** The active profile, or an error that sends the user to choose/bind one. */
export function requireActiveProfile(): ActiveProfile {
  const active = getActiveProfile();
  const session = readSession();
  if (!active || (session && active.accountId !== session.accountId)) throw new ApiError({ code: 'account_not_bound', status: 403 });
  return active;
}

/**
 * A request about the active resident (`/api/residents/:residentId/<suffix>`). When the service
 * refuses a family member, re-reads what the account may do: a revoked link drops the profile at
 * once and the error carries a message saying so.
 */
export async function residentRequest(suffix: string, options: Omit<ApiRequestOptions, 'path'> = {}, profile: ActiveProfile = requireActiveProfile()): Promise<unknown> {
  try {
    return await (options.method === 'POST'
      ? api.post(residentPath(profile.residentId, suffix), options.body, options)
      : api.get(residentPath(profile.residentId, suffix), options));
  } catch (error) {
    if (!isApiError(error) || error.code !== 'access_denied' || profile.relation !== 'proxy') throw error;
    const outcome = proxyDenialOutcome(profile, await fetchProfile());
    if (outcome.kind === 'revoked') setActiveProfile(outcome.next);
    throw new ApiError({ code: 'access_denied', status: 403, message: outcome.message, details: { reason: outcome.kind } });
  }
}

/** True when an error came from residentRequest dropping a revoked proxy profile. */
export function isRevokedProfileError(error: unknown): boolean {
  return isApiError(error) && (error.details as { reason?: unknown } | null | undefined)?.reason === 'revoked';
}

// ---------------------------------------------------------------------------------------------
// Sessions (登录设备)

export interface SessionView {
  sessionId: string;
  current: boolean;
  deviceLabel: string;
  createdAt: string;
  lastSeenAt: string;
}

/** A user agent as a person would name the device. */
export function deviceLabelOf(userAgent: string): string {
  if (/MicroMessenger/i.test(userAgent) && /miniProgram/i.test(userAgent)) return '微信小程序';
  if (/iPhone|iPad/i.test(userAgent)) return '苹果手机';
  if (/Android/i.test(userAgent)) return '安卓手机';
  if (/Windows|Macintosh|Linux/i.test(userAgent)) return '电脑浏览器';
  return '其他设备';
}

export function readSessionsResponse(value: unknown): SessionView[] {
  return parsedNow(meSessionsView, value).sessions.map((session) => ({
    sessionId: session.sessionId,
    current: session.current,
    deviceLabel: deviceLabelOf(session.userAgent),
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
  }));
}

export async function loadSessions(): Promise<SessionView[]> {
  return readSessionsResponse(await api.get('/api/me/sessions'));
}

export async function revokeSession(sessionId: string): Promise<void> {
  await parsed(sessionRevokedView, api.delete(`/api/me/sessions/${encodeURIComponent(sessionId)}`));
}

/** Ends every session including this one, then forgets everything local. */
export async function revokeAllSessions(): Promise<void> {
  await parsed(sessionsRevokedView, api.post('/api/me/sessions/revoke-all', { keepCurrent: false }));
  forgetLocalAccount();
}

/** Clears the stored session and the active profile on this phone. */
export function forgetLocalAccount(): void {
  clearSession();
  setActiveProfile(null);
}

/** 退出登录: revokes this device's session on the service (best effort), then forgets it locally. */
export async function signOut(): Promise<void> {
  try {
    const current = (await loadSessions()).find((session) => session.current);
    if (current) await revokeSession(current.sessionId);
  } catch {
    // Offline or already expired: the local sign-out below still protects this phone.
  }
  forgetLocalAccount();
}
