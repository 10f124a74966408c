import { Schema } from 'mongoose';

/**
 * A pharmacy's statement for one Shanghai calendar month (`_id` = `<periodKey>.<pharmacyId>`),
 * built by shared/settlement/statement.ts. draft → confirmed (pharmacy) → approved (admin) → paid.
 * `contentHash` lets a regeneration prove it changed nothing.
 */
export const statementStates = ['draft', 'confirmed', 'approved', 'paid'] as const;

export const settlementStatementSchema = new Schema(
  {
    _id: { type: String, required: true },
    pharmacyId: { type: String, required: true },
    periodKey: { type: String, required: true },
    lines: { type: Schema.Types.Mixed, required: true },
    capturedPoints: { type: Number, required: true },
    reversedPoints: { type: Number, required: true },
    capturedFen: { type: Number, required: true },
    reversedFen: { type: Number, required: true },
    adjustmentFen: { type: Number, required: true },
    statementTotalFen: { type: Number, required: true },
    contentHash: { type: String, required: true },
    state: { type: String, enum: statementStates, required: true },
    generatedAt: { type: Date, required: true },
    confirmedAt: { type: Date, default: null },
    confirmedByAccountId: { type: String, default: null },
    approvedAt: { type: Date, default: null },
    approvedByAccountId: { type: String, default: null },
    paidAt: { type: Date, default: null },
    paidByAccountId: { type: String, default: null },
    paymentReference: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
settlementStatementSchema.index({ pharmacyId: 1, periodKey: -1 });
settlementStatementSchema.index({ periodKey: 1 });
