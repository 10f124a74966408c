import Taro from '@tarojs/taro';
import {
  familyNoticesMarkedSchema,
  familyNoticesSchema,
  familySharingSchema,
  urgentStatusSchema,
  weeklySummariesSchema,
  type CareAlertDto,
  type FamilySharingDto,
  type TeamContactDto,
  type UrgentStatusDto,
  type WeeklySummaryDto,
} from '../../shared/api/care';
import type { ActiveProfile } from '../state/activeProfile';
import { parsed } from './apiSchema';
import { formatDateTime } from './displayTime';
import { apiRequest } from './http';
import { requireActiveProfile, residentPath, residentRequest } from './profile';
import { storageKeys } from './storageKeys';

/**
 * The family care loop on the phone: the urgent-reading banner of 首页 (for the resident and for a
 * relative looking at the resident), the team's number for 联系家庭医生, and a relative's notices.
 *
 *   GET  /api/residents/:residentId/urgent-status          loadUrgentStatus
 *   GET  /api/residents/:residentId/family-notices         loadFamilyNotices (relatives)
 *   POST /api/residents/:residentId/family-notices/read    markFamilyNoticesRead
 *
 * Responses are parsed with the same schemas the service answers with (shared/api/care.ts).
 */

// ---------------------------------------------------------------------------------------------
// The team's number, remembered so 联系家庭医生 still works when the network does not

function rememberTeam(residentId: string, team: TeamContactDto | null): void {
  try {
    Taro.setStorageSync(storageKeys.teamContact, JSON.stringify({ residentId, team }));
  } catch {
    // Storage unavailable: the button just waits for the next load.
  }
}

export function rememberedTeam(residentId: string): TeamContactDto | null {
  try {
    const raw: unknown = Taro.getStorageSync(storageKeys.teamContact);
    const stored = typeof raw === 'string' && raw ? (JSON.parse(raw) as { residentId?: unknown; team?: TeamContactDto | null }) : null;
    return stored?.residentId === residentId ? (stored.team ?? null) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The urgent banner (pure view model)

export type BannerTone = 'urgent' | 'waiting' | 'done';

export interface UrgentBannerView {
  alertId: string;
  tone: BannerTone;
  /** "血压很高（3级），需要立即处理" / "李医生已收到您的紧急读数" / "紧急读数已处理完毕" */
  title: string;
  /** "3月10日 08:10 测得 184/114 mmHg（家属代录）" */
  readingText: string;
  /** Where things stand, in one sentence. */
  statusText: string;
  /** Open only: what to do now and when to call 120. */
  steps: string[];
  call120Symptoms: string[];
  /** Closed only: the doctor's note. */
  closeNoteText: string | null;
  showCall120: boolean;
}

export interface CareView {
  banner: UrgentBannerView | null;
  team: TeamContactDto | null;
  /** "联系家庭医生" or, with the number, what the button says under it. */
  teamText: string;
}


/** `relation`: whose screen — the resident's own ("您") or a relative's (the resident's name). */
export function urgentBannerView(alert: CareAlertDto, viewer: { relation: 'self' | 'proxy'; residentName: string }): UrgentBannerView {
  const you = viewer.relation === 'self' ? '您' : viewer.residentName;
  const whose = viewer.relation === 'self' ? '' : `${viewer.residentName}的`;
  const doctor = (name: string | null) => name ?? '家庭医生';
  const readingText = `${formatDateTime(alert.measuredAt)} 测得 ${alert.valueText}${alert.enteredByFamily ? '（家属代录）' : ''}`;
  const common = { alertId: alert.alertId, readingText, steps: [] as string[], call120Symptoms: [] as string[], closeNoteText: null, showCall120: false };
  if (alert.state === 'closed') {
    return {
      ...common,
      tone: 'done',
      title: `${whose}紧急读数已处理完毕`,
      statusText: `${doctor(alert.closedBy)} ${formatDateTime(alert.closedAt)} 处理完毕`,
      closeNoteText: alert.closeNote ? `处理说明：${alert.closeNote}` : null,
    };
  }
  if (alert.state === 'acknowledged') {
    return {
      ...common,
      tone: 'waiting',
      title: `${doctor(alert.acknowledgedBy)}已收到${whose || '您的'}紧急读数`,
      statusText: `${formatDateTime(alert.acknowledgedAt)} 已确认，会尽快联系${you}。如有不适，仍可随时拨打120。`,
      showCall120: true,
    };
  }
  return {
    ...common,
    tone: 'urgent',
    title: `${whose}${alert.headline}`,
    statusText: `已通知${whose}家庭医生团队，正在等医生确认。`,
    steps: alert.steps,
    call120Symptoms: alert.call120Symptoms,
    showCall120: true,
  };
}

export function careView(status: UrgentStatusDto, viewer: { relation: 'self' | 'proxy'; residentName: string }): CareView {
  const team = status.team;
  return {
    banner: status.alert ? urgentBannerView(status.alert, viewer) : null,
    team,
    teamText: team?.phone ? `${team.name} ${team.phone}` : team ? `${team.name}还没有登记电话，请拨打签约机构的电话` : '还没有签约家庭医生团队',
  };
}

export async function loadUrgentStatus(profile: ActiveProfile = requireActiveProfile()): Promise<CareView> {
  const status = await parsed(urgentStatusSchema, residentRequest('/urgent-status', {}, profile));
  rememberTeam(profile.residentId, status.team);
  return careView(status, { relation: profile.relation, residentName: profile.name });
}

/** The team's number for a screen that has no status loaded (the entry result): fresh, else remembered. */
export async function loadTeamContact(profile: ActiveProfile = requireActiveProfile()): Promise<TeamContactDto | null> {
  try {
    return (await loadUrgentStatus(profile)).team;
  } catch {
    return rememberedTeam(profile.residentId);
  }
}

// ---------------------------------------------------------------------------------------------
// A relative's notices about the resident

export interface FamilyNoticeItem {
  id: string;
  title: string;
  body: string;
  atText: string;
  read: boolean;
  urgent: boolean;
}

export interface FamilyNoticesView {
  items: FamilyNoticeItem[];
  unreadCount: number;
  /** The subscribe-message templates a relative may allow (urgent readings, weekly summaries). */
  templateIds: string[];
}

export async function loadFamilyNotices(profile: ActiveProfile = requireActiveProfile()): Promise<FamilyNoticesView> {
  const data = await parsed(familyNoticesSchema, residentRequest('/family-notices', {}, profile));
  return {
    unreadCount: data.unreadCount,
    templateIds: [data.templateIds.urgentReading, data.templateIds.weeklySummary],
    items: data.notices.map((n) => ({ id: n.noticeId, title: n.title, body: n.body, atText: formatDateTime(n.createdAt), read: n.read, urgent: n.kind === 'urgentReading' })),
  };
}

export function markFamilyNoticesRead(profile: ActiveProfile = requireActiveProfile()): Promise<{ marked: number }> {
  return parsed(familyNoticesMarkedSchema, residentRequest('/family-notices/read', { method: 'POST', body: {} }, profile));
}

// ---------------------------------------------------------------------------------------------
// The weekly summary and what the resident shares with the family
//
//   GET /api/residents/:residentId/weekly-summaries      loadWeeklySummaries
//   GET /api/residents/:residentId/family-sharing        (the resident) loadFamilySharing
//   PUT /api/residents/:residentId/family-sharing        (the resident) setWeeklySummaryShared

export interface WeeklySummaryItem {
  id: string;
  /** "3月2日–3月8日" */
  periodText: string;
  readingsText: string;
  /** "达标 2 次"; null when nothing could be judged. */
  atTargetText: string | null;
  pointsText: string;
  nextText: string;
  /** "其中 1 次由家属代录" */
  familyText: string | null;
}

export interface WeeklySummariesView {
  residentName: string;
  items: WeeklySummaryItem[];
  sharedWithFamily: boolean;
  templateId: string;
}

const dayText = (day: string) => {
  const [, month, date] = day.split('-').map(Number);
  return `${month}月${date}日`;
};

export function weeklySummaryItem(s: WeeklySummaryDto): WeeklySummaryItem {
  const next = s.nextVisit
    ? `下次随访：${dayText(s.nextVisit.date)} ${s.nextVisit.startTime} ${s.nextVisit.kindText}${s.nextVisit.placeText ? `（${s.nextVisit.placeText}）` : ''}`
    : s.nextDue
      ? `待办：${s.nextDue.kindText}，${s.nextDue.overdue ? '已超期，请尽快预约' : `请在${dayText(s.nextDue.dueBy)}前完成`}`
      : '暂时没有随访安排';
  return {
    id: s.summaryId,
    periodText: `${dayText(s.weekStart)}–${dayText(s.weekEnd)}`,
    readingsText: s.readingCount === 0 ? '这周没有记录读数' : `记录了 ${s.readingCount} 次`,
    atTargetText: s.judgedCount > 0 ? `达标 ${s.atTargetCount} 次` : null,
    pointsText: `得到 ${s.pointsEarned} 积分`,
    nextText: next,
    familyText: s.familyEnteredCount > 0 ? `其中 ${s.familyEnteredCount} 次由家属代录` : null,
  };
}

export async function loadWeeklySummaries(profile: ActiveProfile = requireActiveProfile()): Promise<WeeklySummariesView> {
  const data = await parsed(weeklySummariesSchema, residentRequest('/weekly-summaries', {}, profile));
  return { residentName: data.residentName, items: data.summaries.map(weeklySummaryItem), sharedWithFamily: data.sharedWithFamily, templateId: data.templateId };
}

export async function setWeeklySummaryShared(shared: boolean, profile: ActiveProfile = requireActiveProfile()): Promise<FamilySharingDto> {
  return parsed(familySharingSchema, apiRequest({ method: 'PUT', path: residentPath(profile.residentId, '/family-sharing'), body: { weeklySummary: shared } }));
}
