import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * One reminder to a resident (the day before a booking, 2 hours before it, an item that became
 * due): always shown in the app, and sent as a WeChat subscribe message when possible.
 *
 * `key` is the reminder's identity and its job's key (`reminder:<bookingId>:<slotId>:day-before`,
 * `reminder:due:<residentId>:<dueItemKey>`), unique, so one reminder is one document however often
 * its job runs. `sendState` is the subscribe message's state machine, moved by conditional updates:
 * pending|retry → sending (only one runner wins) → sent | not_subscribed | failed | retry.
 * A `sending` found by a later run means a run died mid-send: the outcome is unknown, and the
 * message is not sent again (`unknown`) — never twice matters more than always. A dose reminder
 * due inside the quiet hours is shown in the app only (`quiet_hours`): nothing is pushed at night.
 */
export const reminderKinds = ['bookingDayBefore', 'bookingTwoHours', 'itemDue', 'doseDue'] as const;
export type ReminderKind = (typeof reminderKinds)[number];
export const reminderSendStates = ['pending', 'sending', 'retry', 'sent', 'not_subscribed', 'failed', 'no_account', 'unknown', 'quiet_hours'] as const;
export type ReminderSendState = (typeof reminderSendStates)[number];

export const reminderSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true },
    kind: { type: String, enum: reminderKinds, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    bookingId: { type: Types.ObjectId, default: null },
    dueItemKey: { type: String, default: null },
    /** A dose reminder's dose (`<planId>:<day>:<HH:MM>`). */
    doseKey: { type: String, default: null },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    sendState: { type: String, enum: reminderSendStates, required: true, default: 'pending' },
    sendAttempts: { type: Number, required: true, default: 0 },
    lastErrcode: { type: Number, default: null },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false },
);
reminderSchema.index({ residentId: 1, createdAt: -1 });

export type ReminderDoc = InferSchemaType<typeof reminderSchema>;
