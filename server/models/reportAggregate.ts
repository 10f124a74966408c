import { Schema, Types } from 'mongoose';

/**
 * Incremental aggregates behind the programme reports (server/reports). Nothing here is a fact of
 * its own: every document is recomputed from the source records and can be rebuilt at any time.
 *
 * `ReportResidentYear` — one per resident and calendar year (`_id` = `<residentId>:<year>`): the
 * small list of report-relevant facts of that year (contracts, diagnoses, follow-ups with their BP
 * and FPG or lost-to-follow-up mark, screenings, Hcy tests; shared/reports/indicators.ts) plus the year's figures derived from them. Rewritten whole by
 * `residentYearRecomputer` (idempotent: the same inputs give the same document), so consuming an
 * event twice changes nothing. `rollupPending` marks a change not yet folded into the team rollup.
 *
 * `ReportRollup` — one per team and year (`_id` = `<year>:<institutionId>:<teamId>`): counters summed
 * from that team's resident-year documents. Institution and programme figures are sums of these.
 *
 * `ReportCursor` — how far a feed (domainEvents by `recordedAt`, ledger entries by `at`) was consumed.
 */
const followUpFact = new Schema(
  { on: String, form: String, mode: String, sbp: { type: Number, default: null }, dbp: { type: Number, default: null }, fpg: { type: Number, default: null }, lost: { type: Boolean, default: false } },
  { _id: false },
);

export const reportResidentYearSchema = new Schema(
  {
    _id: { type: String, required: true },
    residentId: { type: Types.ObjectId, required: true },
    year: { type: Number, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    birthDate: { type: String, required: true },
    contracts: { type: [new Schema({ teamId: String, startsOn: String, endsOn: String, status: String }, { _id: false })], default: [] },
    diagnoses: { type: [new Schema({ condition: String, diagnosedOn: String, status: String }, { _id: false })], default: [] },
    followUps: { type: [followUpFact], default: [] },
    screenings: { type: [new Schema({ on: String, measures: [String] }, { _id: false })], default: [] },
    hcyTests: { type: [String], default: [] },
    /** The whole-year figures (what the team rollup sums). */
    figures: { type: Schema.Types.Mixed, required: true },
    lastEventId: { type: String, default: null },
    computedAt: { type: Date, required: true },
    rollupPending: { type: Boolean, default: true },
    /** Team rollups this document was counted in before its team changed (rebuilt, then cleared). */
    staleTeamKeys: { type: [String], default: [] },
  },
  { versionKey: false, minimize: false },
);
reportResidentYearSchema.index({ year: 1, institutionId: 1, teamId: 1 });
reportResidentYearSchema.index({ rollupPending: 1 });

export const reportRollupSchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    institutionId: { type: String, required: true },
    teamId: { type: String, default: null },
    counters: { type: Schema.Types.Mixed, required: true },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
reportRollupSchema.index({ year: 1, institutionId: 1 });

/** Points per Shanghai month, summed from ledger entries up to the cursor (`_id` = `points:<YYYY-MM>`). */
export const reportPointsMonthSchema = new Schema(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    earned: { type: Number, default: 0 },
    redeemed: { type: Number, default: 0 },
    reversed: { type: Number, default: 0 },
    expired: { type: Number, default: 0 },
    adjusted: { type: Number, default: 0 },
    net: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export const reportCursorSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    lastId: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
