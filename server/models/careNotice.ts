import { Schema, Types, type InferSchemaType } from 'mongoose';
import { subscribeSendStates } from '../wechat/subscribeDelivery';

/**
 * A message of the family care loop to one account about one resident: an urgent reading and its
 * acknowledgement and closing (to each relative with `view`), the weekly summary (to the resident,
 * and to relatives with the resident's consent). Always shown in the app; `message`, when set, is
 * the WeChat subscribe message sent at most once through server/wechat/subscribeDelivery.ts
 * (`sendState` pending → sending → sent | not_subscribed | failed | retry; `none` = in-app only).
 *
 * `eventKey` is unique (`alert:<alertId>:<step>:<accountId>`, `weekly:<summaryId>:<accountId>`), so
 * a retried job, a second instance or a restart gives one notice and at most one message.
 */
export const careNoticeKinds = ['urgentReading', 'urgentAcknowledged', 'urgentClosed', 'weeklySummary'] as const;
export type CareNoticeKind = (typeof careNoticeKinds)[number];

export const careNoticeSchema = new Schema(
  {
    eventKey: { type: String, required: true, unique: true },
    accountId: { type: Types.ObjectId, required: true },
    residentId: { type: Types.ObjectId, required: true },
    recipient: { type: String, enum: ['resident', 'relative'], required: true },
    /** The relative's link when the notice was written (their relationship is shown from it). */
    proxyLinkId: { type: Types.ObjectId, default: null },
    kind: { type: String, enum: careNoticeKinds, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    refs: { type: new Schema({ alertId: { type: Types.ObjectId, default: null }, summaryId: { type: Types.ObjectId, default: null } }, { _id: false }), default: {} },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    message: { type: Schema.Types.Mixed, default: null },
    sendState: { type: String, enum: subscribeSendStates, required: true, default: 'none' },
    sendAttempts: { type: Number, required: true, default: 0 },
    lastErrcode: { type: Number, default: null },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
careNoticeSchema.index({ accountId: 1, residentId: 1, createdAt: -1 });

export type CareNoticeDoc = InferSchemaType<typeof careNoticeSchema>;
