import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A Bluetooth meter the resident's family synced readings from (paired in the app). `meterKey`
 * names the meter itself, not the phone's view of it: its serial number when it reports one, else
 * its advertised name, else the platform's device id (a MAC on Android, a per-phone UUID on iOS).
 * `lastSequence` is the glucose meter's last imported record number, so the next sync asks only
 * for the records after it (RACP "≥ N+1"); BP meters have none and resend what they hold.
 */
export const meterSchema = new Schema(
  {
    residentId: { type: Types.ObjectId, required: true },
    meterKey: { type: String, required: true },
    profile: { type: String, enum: ['bloodPressure', 'glucose'], required: true },
    name: { type: String, default: '' },
    /** The platform id last seen, to reconnect without scanning (it differs between phones). */
    lastDeviceId: { type: String, required: true },
    lastSequence: { type: Number, default: null },
    pairedAt: { type: Date, required: true },
    lastSyncedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
meterSchema.index({ residentId: 1, meterKey: 1 }, { unique: true });

export type MeterDoc = InferSchemaType<typeof meterSchema>;
