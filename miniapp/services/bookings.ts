import { bookingResultView, residentAvailabilityView, residentBookingsView, type BookingDto, type SlotDto } from '../../shared/api/followups';
import { platform } from '../platform';
import { parsed } from './apiSchema';
import { formatCalendarDay, formatWeekday } from './displayTime';
import { residentRequest } from './profile';

/**
 * Booking for the active profile: the slots a due item can use, booking, rescheduling,
 * cancelling, my bookings, and asking WeChat for reminder permission (requestSubscribeMessage
 * through the platform layer; on H5 the dev stand-in grants it in the simulator).
 */
export interface SlotView {
  slotId: string;
  timeText: string;
  placeLabel: string;
  remaining: number;
  full: boolean;
}

export interface DayChip {
  date: string;
  label: string;
  weekday: string;
  slots: SlotView[];
}

export interface BookingOptions {
  kindLabel: string;
  days: DayChip[];
  reminderTemplateIds: string[];
  cancelCutoffHours: number;
}


/** Pure: slots that suit the item's kind, grouped into day chips in date order. */
export function groupSlots(slots: SlotDto[], places: readonly string[]): DayChip[] {
  const byDay = new Map<string, SlotView[]>();
  for (const slot of slots) {
    if (!places.includes(slot.place)) continue;
    const list = byDay.get(slot.date) ?? [];
    list.push({ slotId: slot.slotId, timeText: `${slot.startTime}–${slot.endTime}`, placeLabel: slot.placeLabel, remaining: slot.remaining, full: slot.remaining <= 0 });
    byDay.set(slot.date, list);
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, list]) => ({ date, label: formatCalendarDay(date), weekday: formatWeekday(date), slots: list }));
}

export async function loadBookingOptions(dueKey: string): Promise<BookingOptions> {
  const data = await parsed(residentAvailabilityView, residentRequest('/availability'));
  const kind = dueKey.split(':')[0] ?? '';
  return {
    kindLabel: data.kindLabels[kind] ?? '随访',
    days: groupSlots(data.slots, data.placesForKind[kind] ?? []),
    reminderTemplateIds: data.reminderTemplateIds,
    cancelCutoffHours: data.cancelCutoffHours,
  };
}

export async function createBooking(slotId: string, dueItemKey: string): Promise<BookingDto> {
  return (await parsed(bookingResultView, residentRequest('/bookings', { method: 'POST', body: { slotId, dueItemKey } }))).booking;
}

export async function rescheduleBooking(bookingId: string, slotId: string): Promise<BookingDto> {
  return (await parsed(bookingResultView, residentRequest(`/bookings/${encodeURIComponent(bookingId)}/reschedule`, { method: 'POST', body: { slotId } }))).booking;
}

export async function cancelBooking(bookingId: string): Promise<BookingDto> {
  return (await parsed(bookingResultView, residentRequest(`/bookings/${encodeURIComponent(bookingId)}/cancel`, { method: 'POST', body: {} }))).booking;
}

export interface MyBookingView {
  bookingId: string;
  dueItemKey: string;
  title: string;
  whenText: string;
  placeLabel: string;
  status: BookingDto['status'];
  statusLabel: string;
  changeable: boolean;
  cutoffText: string;
}

const statusLabels: Record<BookingDto['status'], string> = { booked: '已预约', attended: '已到诊', noShow: '未到诊', cancelled: '已取消' };

export async function loadMyBookings(): Promise<{ upcoming: MyBookingView[]; past: MyBookingView[]; cancelCutoffHours: number }> {
  const data = await parsed(residentBookingsView, residentRequest('/bookings'));
  const views = data.bookings.map((b) => ({
    bookingId: b.bookingId,
    dueItemKey: b.dueItemKey,
    title: b.kindLabel,
    whenText: `${formatCalendarDay(b.date, { weekday: true })} ${b.startTime}–${b.endTime}`,
    placeLabel: b.placeLabel,
    status: b.status,
    statusLabel: statusLabels[b.status],
    changeable: b.changeable,
    cutoffText: `预约开始前${data.cancelCutoffHours}小时内不能在手机上改约或取消，请打电话给家庭医生团队。`,
  }));
  return { upcoming: views.filter((v) => v.status === 'booked').reverse(), past: views.filter((v) => v.status !== 'booked'), cancelCutoffHours: data.cancelCutoffHours };
}

/** Asks WeChat (or the H5 stand-in) for one-time reminder permission; true when any was accepted. */
export async function subscribeReminders(templateIds: string[]): Promise<boolean> {
  const result = await platform.requestSubscribeMessage(templateIds);
  return Object.values(result).some((decision) => decision === 'accept');
}
