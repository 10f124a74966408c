import { Schema, Types, type InferSchemaType } from 'mongoose';
import { reviewFlagReasons } from '../../shared/comanagement/flags';

/**
 * A resident's co-management with the specialists of a higher-level hospital (医防融合 共管), one
 * document per resident (`_id` = the resident id), so every write to it is one single-document
 * update. `flags` say why the specialist should look (shared/comanagement/flags.ts); a flag is pushed
 * only while its key is missing from `flagKeys`, so re-running the rules never stores it twice.
 * The resident needs a review while `latestFlagAt` is after `lastVisitAt` (the latest 接诊服务记录单),
 * and again from `nextReviewOn`. The case's existence is what lets a covering specialist read the
 * resident's records (server/authz/can.ts).
 */
export const comanagementCaseSchema = new Schema(
  {
    _id: { type: Types.ObjectId, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    flagKeys: { type: [String], default: [] },
    flags: {
      type: [new Schema({ key: { type: String, required: true }, reason: { type: String, enum: reviewFlagReasons, required: true }, on: { type: String, required: true }, raisedAt: { type: Date, required: true }, note: { type: String, default: null } }, { _id: false })],
      default: [],
    },
    latestFlagAt: { type: Date, required: true },
    lastVisitId: { type: Types.ObjectId, default: null },
    lastVisitAt: { type: Date, default: null },
    nextReviewOn: { type: String, default: null },
    openedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
comanagementCaseSchema.index({ institutionId: 1, latestFlagAt: -1 });

export type ComanagementCaseDoc = InferSchemaType<typeof comanagementCaseSchema>;

