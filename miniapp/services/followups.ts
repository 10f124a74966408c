import { dueItemsView, followUpHistoryView, remindersMarkedView, remindersView, type DueItemDto } from '../../shared/api/followups';
import { dueStatusLabels } from '../../shared/vocabulary';
import { parsed } from './apiSchema';
import { formatCalendarDay, formatDateTime } from './displayTime';
import { residentRequest } from './profile';

/**
 * Follow-ups for the active profile: what is due (with its booking), the follow-up history and
 * the in-app reminders. The only place these endpoints are called; pages get view models.
 */
export const followupRoutes = {
  book: '/subpackages/followup/book/index',
  bookings: '/subpackages/followup/bookings/index',
  history: '/subpackages/followup/history/index',
  reminders: '/subpackages/followup/reminders/index',
} as const;

export interface DueItemView {
  key: string;
  kindLabel: string;
  dueByText: string;
  overdue: boolean;
  referral: boolean;
  /** "已预约 3月12日 09:00" or null */
  bookedText: string | null;
  bookable: boolean;
}

export function toDueItemView(item: DueItemDto): DueItemView {
  const booked = item.booking;
  return {
    key: item.key,
    kindLabel: item.kindLabel,
    dueByText: item.status === 'overdue' ? `${dueStatusLabels.overdue}（应在${formatCalendarDay(item.dueBy)}前）` : `${formatCalendarDay(item.dueBy)}前`,
    overdue: item.status === 'overdue',
    referral: item.referralFlag,
    bookedText: booked ? (booked.status === 'attended' ? '已到诊，等待医生登记' : `已预约 ${formatCalendarDay(booked.date)} ${booked.startTime}`) : null,
    bookable: !booked,
  };
}

export interface DueCardView {
  items: DueItemView[];
  unreadReminders: number;
}

/** 首页 待办事项: the next due items (at most `limit`) and the unread reminder count for the badge. */
/** Every due item, most urgent first (the card shows the first few and opens the rest in place). */
export async function loadDueCard(): Promise<DueCardView> {
  const [due, reminders] = await Promise.all([
    parsed(dueItemsView, residentRequest('/due-items')),
    parsed(remindersView, residentRequest('/reminders')).catch(() => ({ unreadCount: 0 })),
  ]);
  return { items: due.items.map(toDueItemView), unreadReminders: reminders.unreadCount };
}

export interface FollowUpView {
  followUpId: string;
  dateText: string;
  modeLabel: string;
  classificationLabel: string | null;
  /** good: 控制满意; attention: anything else */
  tone: 'good' | 'attention' | 'none';
  bpText: string | null;
  advice: string | null;
  medicationAdjustment: string | null;
  nextVisitText: string | null;
  doctorName: string | null;
}

export async function loadFollowUpHistory(): Promise<FollowUpView[]> {
  const data = await parsed(followUpHistoryView, residentRequest('/follow-ups'));
  return data.followUps.map((f) => ({
    followUpId: f.followUpId,
    dateText: formatCalendarDay(f.visitedOn),
    modeLabel: f.modeLabel,
    classificationLabel: f.classificationLabel,
    tone: f.classification === null ? 'none' : f.classification === 'satisfied' ? 'good' : 'attention',
    bpText: f.systolicMmHg !== null && f.diastolicMmHg !== null ? `${f.systolicMmHg}/${f.diastolicMmHg} mmHg` : null,
    advice: f.advice,
    medicationAdjustment: f.medicationAdjustment,
    nextVisitText: f.nextVisitOn ? formatCalendarDay(f.nextVisitOn) : null,
    doctorName: f.doctorName,
  }));
}

export interface ReminderView {
  reminderId: string;
  title: string;
  body: string;
  read: boolean;
  timeText: string;
  /** A dose reminder: tapping it opens 今天要吃的药. */
  opensMedication: boolean;
}

/** A reminder planned for a booked visit and not sent yet ("明天有预约", sent 12月4日 09:00). */
export interface UpcomingReminderView {
  key: string;
  title: string;
  body: string;
  /** "12月4日 09:00 提醒" */
  whenText: string;
}

export async function loadReminders(): Promise<{ reminders: ReminderView[]; upcoming: UpcomingReminderView[]; unreadCount: number }> {
  const data = await parsed(remindersView, residentRequest('/reminders'));
  return {
    unreadCount: data.unreadCount,
    upcoming: data.upcoming.map((u) => ({ key: u.key, title: u.title, body: u.body, whenText: `${formatDateTime(u.at)} 提醒` })),
    reminders: data.reminders.map((r) => ({ reminderId: r.reminderId, title: r.title, body: r.body, read: r.read, timeText: formatDateTime(r.createdAt), opensMedication: Boolean(r.doseKey) })),
  };
}

export function markRemindersRead(): Promise<unknown> {
  return parsed(remindersMarkedView, residentRequest('/reminders/read', { method: 'POST', body: {} }));
}
