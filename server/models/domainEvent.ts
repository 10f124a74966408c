import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * Durable facts other parts consume later (the passbook turns them into points). `eventId` is
 * derived from the source (`reading:<id>`, `screening:<institution>:<sourceId>`,
 * `atTarget:<residentId>:<YYYY-Qn>:<condition>`, …) and unique, so
 * writing an event again is a no-op. The fact itself is never updated; only the passbook's
 * consumption marks (`points*`, server/passbook/eventConsumer.ts) are set on it, by conditional updates.
 */
/** `followUpOutcomeRecorded`: a follow-up record saying lost to follow-up or died (no visit, no points; the reports count it). */
export const domainEventTypes = [
  'homeReadingLogged',
  'screeningRecorded',
  'hcyTestRecorded',
  'followUpRecorded',
  'followUpOutcomeRecorded',
  'contractRecorded',
  'diagnosisRecorded',
  'quarterlyAtTarget',
  'folateCourseCompleted',
  'medicationAdherenceWeek',
  'healthEducationCompleted',
] as const;
export type DomainEventType = (typeof domainEventTypes)[number];

export const domainEventSchema = new Schema(
  {
    eventId: { type: String, required: true, unique: true },
    type: { type: String, enum: domainEventTypes, required: true },
    residentId: { type: Types.ObjectId, required: true },
    occurredAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    recordedAt: { type: Date, required: true },
    /** recordedAt's UTC day (`YYYY-MM-DD`): the report and co-management feeds read by this equality. */
    recordedDay: { type: String, default: undefined },
    /**
     * True from the append until the passbook consumer marks the event consumed (then unset): the
     * consumer's queue is this equality, which every engine answers from an index (FerretDB pushes
     * no null, `$or` or range filter down, so `pointsConsumedAt: null` read the whole collection).
     */
    pointsPending: { type: Boolean, default: undefined },
    // Passbook consumption: a per-event lease, then the result of turning it into points (once).
    pointsClaimOwner: { type: String, default: undefined },
    pointsClaimUntil: { type: Date, default: undefined },
    pointsAttempts: { type: Number, default: undefined },
    pointsConsumedAt: { type: Date, default: undefined },
    pointsResult: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false },
);
domainEventSchema.index({ type: 1, recordedAt: 1 });
domainEventSchema.index({ recordedDay: 1, recordedAt: 1 });
domainEventSchema.index({ residentId: 1, occurredAt: -1 });
// The passbook consumer's queue: events not yet consumed, oldest first.
domainEventSchema.index({ pointsPending: 1, recordedAt: 1 });

export type DomainEventDoc = InferSchemaType<typeof domainEventSchema>;
