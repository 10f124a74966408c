import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * An urgent home reading for the resident's doctor team. `readingId` is unique: one reading raises
 * at most one alert, however often the app retries. State moves open → acknowledged → closed, each
 * step one conditional update on the current state.
 */
export const alertStates = ['open', 'acknowledged', 'closed'] as const;

export const alertSchema = new Schema(
  {
    readingId: { type: Types.ObjectId, required: true, unique: true },
    residentId: { type: Types.ObjectId, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    measure: { type: String, required: true },
    reasons: { type: [String], required: true },
    /** What the team needs to see at a glance, e.g. { systolicMmHg: 186, diastolicMmHg: 112 }. */
    values: { type: Schema.Types.Mixed, required: true },
    measuredAt: { type: Date, required: true },
    state: { type: String, enum: alertStates, default: 'open' },
    raisedAt: { type: Date, required: true },
    acknowledgedAt: { type: Date, default: null },
    acknowledgedByAccountId: { type: Types.ObjectId, default: null },
    closedAt: { type: Date, default: null },
    closedByAccountId: { type: Types.ObjectId, default: null },
    closeNote: { type: String, default: null },
    /** Set once when an alert still open after 24 h is escalated to the team lead (server/panel). */
    escalatedAt: { type: Date, default: null },
    escalatedToAccountIds: { type: [Types.ObjectId], default: undefined },
  },
  { versionKey: false },
);
alertSchema.index({ institutionId: 1, teamId: 1, state: 1, raisedAt: -1 });
alertSchema.index({ residentId: 1, raisedAt: -1 });

export type AlertDoc = InferSchemaType<typeof alertSchema>;
