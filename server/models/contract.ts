import { Schema, type InferSchemaType } from 'mongoose';
import { indexSourceRecord, sourceRecordFields } from './sourceRecord';

/**
 * A family-doctor contract (家庭医生签约): team, package, period, status. The team's name and the
 * phone numbers residents may call (work numbers of the team, not personal data) are in `data.team`.
 */
export const contractStatuses = ['active', 'expired', 'terminated'] as const;

export const contractSchema = new Schema(
  {
    ...sourceRecordFields(),
    teamId: { type: String, required: true },
    startsOn: { type: String, required: true },
    endsOn: { type: String, required: true },
    status: { type: String, enum: contractStatuses, required: true },
  },
  { versionKey: false },
);
indexSourceRecord(contractSchema, 'startsOn');

export type ContractDoc = InferSchemaType<typeof contractSchema>;
