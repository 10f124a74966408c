import { Schema } from 'mongoose';

/**
 * A verified, decrypted WeChat Pay callback, stored before it is acknowledged (unique by WeChat's
 * notification id, so a duplicate delivery stores nothing new). Processing happens after the answer:
 * received → processed | ignored | rejected, or deferred (its refund/order is not known yet; retried).
 */
export const notificationStates = ['received', 'processed', 'ignored', 'rejected', 'deferred'] as const;

export const paymentNotificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventType: { type: String, required: true },
    rawBody: { type: String, required: true },
    headers: { type: Schema.Types.Mixed, required: true },
    resource: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
    deliveries: { type: Number, default: 1 },
    state: { type: String, enum: notificationStates, required: true },
    outcome: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    processedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
paymentNotificationSchema.index({ state: 1, receivedAt: 1 });
