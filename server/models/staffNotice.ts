import { Schema } from 'mongoose';

/**
 * An in-app notice for a staff account (e.g. an alert escalated to the team lead). `eventKey` is
 * unique: one escalation gives at most one notice per recipient.
 */
export const staffNoticeSchema = new Schema(
  {
    eventKey: { type: String, required: true, unique: true },
    accountId: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    refs: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
staffNoticeSchema.index({ accountId: 1, createdAt: -1 });
