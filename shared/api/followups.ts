import { z } from 'zod';
import type { DueStatus } from '../followup/dueEngine';
import { calendarDay } from './formats';

/**
 * Follow-up API shapes (availability, bookings, due items, the follow-up history, reminders): the
 * routes validate their answers with these, the mini-program's services parse the same responses
 * with them.
 */

/** Where and when a slot is, as a slot and a booking of it both show it. */
const placeAndTime = {
  place: z.string(),
  placeLabel: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
};

export const slotView = z.object({
  slotId: z.string(),
  ...placeAndTime,
  capacity: z.number().int(),
  booked: z.number().int(),
  remaining: z.number().int(),
  note: z.string().nullable(),
  status: z.string(),
});
export type SlotDto = z.infer<typeof slotView>;

export const residentAvailabilityView = z.object({
  slots: z.array(slotView),
  placesForKind: z.record(z.string(), z.array(z.string())),
  kindLabels: z.record(z.string(), z.string()),
  reminderTemplateIds: z.array(z.string()),
  cancelCutoffHours: z.number(),
});

/** The statuses a presented booking can have (an abandoned hold is never shown). */
export const shownBookingStatuses = ['booked', 'attended', 'noShow', 'cancelled'] as const;
export type ShownBookingStatus = (typeof shownBookingStatuses)[number];

export const bookingView = z.object({
  bookingId: z.string(),
  residentId: z.string(),
  dueItemKey: z.string(),
  dueKind: z.string(),
  kindLabel: z.string(),
  dueBy: z.string(),
  status: z.enum(shownBookingStatuses),
  slotId: z.string(),
  ...placeAndTime,
  changeableUntil: z.string(),
  changeable: z.boolean(),
  followUpRecorded: z.boolean(),
});
export type BookingDto = z.infer<typeof bookingView>;

export const bookingResultView = z.object({ booking: bookingView });
export const residentBookingsView = z.object({ bookings: z.array(bookingView), cancelCutoffHours: z.number() });

const dueStatuses = ['upcoming', 'due', 'overdue'] as const satisfies readonly DueStatus[];

export const dueItemView = z.object({
  key: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  dueBy: z.string(),
  status: z.enum(dueStatuses),
  reason: z.string(),
  referralFlag: z.boolean(),
  places: z.array(z.string()),
  booking: bookingView.nullable(),
});
export type DueItemDto = z.infer<typeof dueItemView>;

export const dueItemsView = z.object({ today: z.string(), items: z.array(dueItemView) });

export const followUpView = z.object({
  followUpId: z.string(),
  visitedOn: calendarDay(),
  form: z.string(),
  mode: z.string(),
  modeLabel: z.string(),
  outcome: z.string(),
  classification: z.string().nullable(),
  classificationDerived: z.boolean(),
  classificationLabel: z.string().nullable(),
  systolicMmHg: z.number().nullable(),
  diastolicMmHg: z.number().nullable(),
  advice: z.string().nullable(),
  medicationAdjustment: z.string().nullable(),
  nextVisitOn: calendarDay().nullable(),
  doctorName: z.string().nullable(),
  referral: z.boolean(),
});

/** A follow-up the doctor recorded without a booking (`created` false: a retry, nothing recorded twice). */
export const residentFollowUpRecordedView = z.object({ followUpId: z.string(), created: z.boolean(), booking: bookingView.nullable() });

export const followUpHistoryView = z.object({ followUps: z.array(followUpView) });

export const remindersView = z.object({
  unreadCount: z.number().int(),
  upcoming: z
    .array(z.object({ key: z.string(), kind: z.string(), title: z.string(), body: z.string(), bookingId: z.string(), at: z.string().describe('将在此时发送') }))
    .describe('已预约的随访还没到发送时间的提醒，按时间先后'),
  reminders: z.array(
    z.object({
      reminderId: z.string(),
      kind: z.string(),
      title: z.string(),
      body: z.string(),
      bookingId: z.string().nullable(),
      dueItemKey: z.string().nullable(),
      doseKey: z.string().nullable().describe('服药提醒：哪一次服药'),
      createdAt: z.string(),
      read: z.boolean(),
      wechat: z.string(),
    }),
  ),
});

export const remindersMarkedView = z.object({ marked: z.number().int() });
