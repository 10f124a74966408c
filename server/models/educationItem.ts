import { Schema, type InferSchemaType } from 'mongoose';
import { educationKinds, educationTopics } from '../../shared/education/quiz';

/**
 * A health-education item (健康教育) the programme's admins maintain: an article (paragraphs) or a
 * short video (https URL), tagged by condition and topic, with a 3–5 question quiz. Only published
 * items reach residents; `version` rises with every edit.
 */
export const educationItemSchema = new Schema(
  {
    kind: { type: String, enum: educationKinds, required: true },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    conditions: { type: [String], default: [] },
    topic: { type: String, enum: educationTopics, required: true },
    paragraphs: { type: [String], default: [] },
    videoUrl: { type: String, default: null },
    durationSeconds: { type: Number, default: null },
    quiz: {
      type: [new Schema({ question: { type: String, required: true }, options: { type: [String], required: true }, answerIndex: { type: Number, required: true }, explanation: { type: String, default: null } }, { _id: false })],
      default: [],
    },
    status: { type: String, enum: ['draft', 'published', 'archived'], default: 'draft' },
    version: { type: Number, default: 1 },
    createdAt: { type: Date, required: true },
    createdByAccountId: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
educationItemSchema.index({ status: 1, topic: 1, updatedAt: -1 });

export type EducationItemDoc = InferSchemaType<typeof educationItemSchema>;

/**
 * One resident and one item (`_id` = `<residentId>:<itemId>`): assigned by their doctor and/or
 * completed by passing its quiz. Completion is set once (a conditional update), so passing again
 * changes nothing; the `healthEducationCompleted` event key is derived from this id.
 */
export const educationProgressSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: String, required: true },
    assignedAt: { type: Date, default: null },
    assignedByAccountId: { type: String, default: null },
    assignedNote: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    completedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
educationProgressSchema.index({ residentId: 1 });

/**
 * An offline health-education class (健康讲座) at a primary-care institution; residents check in by
 * scanning the QR shown in the room during the class (`checkInSecret` is in the QR payload).
 */
export const educationClassSchema = new Schema(
  {
    institutionId: { type: String, required: true },
    teamId: { type: String, required: true },
    title: { type: String, required: true },
    topic: { type: String, enum: educationTopics, required: true },
    place: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    checkInSecret: { type: String, required: true },
    createdByAccountId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
educationClassSchema.index({ institutionId: 1, teamId: 1, startsAt: -1 });

/** One resident at one class (`_id` = `<classId>:<residentId>`): a second scan changes nothing. */
export const educationAttendanceSchema = new Schema(
  {
    _id: { type: String, required: true },
    classId: { type: Schema.Types.ObjectId, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true },
    checkedInAt: { type: Date, required: true },
  },
  { versionKey: false },
);
educationAttendanceSchema.index({ classId: 1 });
educationAttendanceSchema.index({ residentId: 1, checkedInAt: -1 });
