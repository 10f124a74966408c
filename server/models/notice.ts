import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * An in-app notice for a resident (e.g. "your daughter redeemed 120 points"). Kept by resident, so
 * a resident whose proxy was set up at the clinic sees them once they bind. `eventKey` is unique:
 * one business event gives at most one notice and at most one subscribe message.
 */
export const noticeSchema = new Schema(
  {
    eventKey: { type: String, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    subscribeMessage: { type: String, enum: ['none', 'sent', 'not_subscribed', 'failed'], default: 'none' },
  },
  { versionKey: false },
);
noticeSchema.index({ residentId: 1, createdAt: -1 });

export type NoticeDoc = InferSchemaType<typeof noticeSchema>;
