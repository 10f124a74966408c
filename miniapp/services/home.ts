import { residentProfileResult } from '../../shared/api/identity';
import { getActiveProfile } from '../state/activeProfile';
import { parsed } from './apiSchema';
import { isApiError } from './apiError';
import { loadMyProfile, onboardingStepOf, residentRequest, routeForStep, isRevokedProfileError, workbenchRouteOf } from './profile';
import { loadNotices, scopeLabels } from './proxies';

/**
 * 首页 view model: who is greeted (the bound resident, or the resident a family member acts for),
 * unread notices, and where an unfinished onboarding must continue. To-dos and latest readings stay
 * empty until their endpoints exist — the page already renders their empty states.
 *
 * For a family member the resident's profile (`GET /api/residents/:id/profile`) is read first: if
 * the resident revoked the link, that request is refused, the profile is dropped and `alert` says so.
 */
export interface TodoItemView {
  id: string;
  title: string;
}

export interface ReadingView {
  id: string;
  label: string;
  valueText: string;
}

export type HomeMode = 'self' | 'proxy' | 'none';

export interface HomeView {
  greeting: string;
  /** "您好，王建国" */
  headline: string;
  mode: HomeMode;
  residentName: string | null;
  /** Proxy mode: what the family member may do, e.g. ['查看', '记录读数']. */
  proxyScopeLabels: string[];
  /** The resident themselves, or a relative with `view`: the health cards (urgent banner, notices). */
  canViewRecords: boolean;
  /** Own archive only (family members cannot read the resident's notices). */
  unreadNotices: number | null;
  /** Several profiles to choose from and none chosen (a family member serving several residents). */
  needsProfileChoice: boolean;
  /** A clear message to show once, e.g. that a family link was revoked. */
  alert: string | null;
  /** Onboarding not finished (consents): the page goes there. */
  redirectTo: string | null;
  /** Staff: their workbench, first thing on 首页 (the till, the doctor's panel, the report). */
  workbench: { route: string; label: string } | null;
  todos: TodoItemView[];
  recentReadings: ReadingView[];
}

export function greetingFor(hour: number): string {
  if (hour < 5) return '夜深了，注意休息';
  if (hour < 11) return '早上好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

export function headlineFor(mode: HomeMode, name: string | null): string {
  if (mode === 'self' && name) return `您好，${name}`;
  if (mode === 'proxy' && name) return `您好！您正在为 ${name} 代办`;
  return '您好';
}

const workbenchLabels: Record<string, string> = { cashier: '进入药店收银台', doctor: '进入家庭医生工作台', admin: '进入项目管理', specialist: '进入专科共管' };

function workbenchOf(roles: string[]): HomeView['workbench'] {
  const route = workbenchRouteOf({ roles });
  const role = ['cashier', 'doctor', 'admin', 'specialist'].find((r) => roles.includes(r));
  return route && role ? { route, label: workbenchLabels[role] ?? '进入工作台' } : null;
}

export async function loadHomeView(now: Date = new Date()): Promise<HomeView> {
  let alert: string | null = null;
  const before = getActiveProfile();
  let confirmedName: string | null = null;
  if (before?.relation === 'proxy' && before.scopes.includes('view')) {
    try {
      confirmedName = (await parsed(residentProfileResult, residentRequest('/profile', {}, before))).resident.name;
    } catch (error) {
      if (isRevokedProfileError(error) && isApiError(error)) alert = error.message;
      else if (!isApiError(error) || error.code !== 'access_denied') throw error;
    }
  }

  const loaded = await loadMyProfile();
  alert = alert ?? loaded.droppedMessage;
  const step = onboardingStepOf(loaded.profile);
  const redirectTo = step === 'done' || step === 'bind' ? null : routeForStep(step);
  const active = loaded.active;
  const mode: HomeMode = active ? active.relation : 'none';
  const residentName = active ? (mode === 'proxy' && confirmedName && active.residentId === before?.residentId ? confirmedName : active.name) : null;

  let unreadNotices: number | null = null;
  if (active?.relation === 'self' && redirectTo === null) {
    unreadNotices = await loadNotices(active)
      .then((notices) => notices.unreadCount)
      .catch(() => null);
  }

  return {
    greeting: greetingFor(now.getHours()),
    headline: headlineFor(mode, residentName),
    mode,
    residentName,
    proxyScopeLabels: active?.relation === 'proxy' ? scopeLabels(active.scopes) : [],
    canViewRecords: active?.relation === 'self' || (active?.scopes.includes('view') ?? false),
    unreadNotices,
    needsProfileChoice: !active && loaded.profile.actingFor.length > 1,
    alert,
    redirectTo,
    workbench: workbenchOf(loaded.profile.roles),
    todos: [],
    recentReadings: [],
  };
}
