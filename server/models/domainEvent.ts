import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * Durable facts other parts consume later (the passbook turns them into points). `eventId` is
 * derived from the source (`reading:<id>`, `screening:<institution>:<sourceId>`, …) and unique, so
 * writing an event again is a no-op. Appended only; never updated.
 */
export const domainEventTypes = ['homeReadingLogged', 'screeningRecorded', 'hcyTestRecorded', 'followUpRecorded', 'contractRecorded'] as const;
export type DomainEventType = (typeof domainEventTypes)[number];

export const domainEventSchema = new Schema(
  {
    eventId: { type: String, required: true, unique: true },
    type: { type: String, enum: domainEventTypes, required: true },
    residentId: { type: Types.ObjectId, required: true },
    occurredAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
domainEventSchema.index({ type: 1, recordedAt: 1 });
domainEventSchema.index({ residentId: 1, occurredAt: -1 });

export type DomainEventDoc = InferSchemaType<typeof domainEventSchema>;
