import { Types } from 'mongoose';
import { addFigures, contractInPeriod, emptyFigures, figuresFor, yearBounds, type Figures, type FollowUpFact, type ResidentYearFacts } from '../../shared/reports/indicators';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { CommitDoc } from '../ledger/operation';
import { domainEventPages } from '../records/domainEvents';

/**
 * Maintains the report aggregates (server/models/reportAggregate.ts) incrementally:
 *  1. `reportEventConsumer` reads domainEvents after its cursor (minus an overlap, so an event whose
 *     write landed late is still seen), and recomputes the resident-year document of each affected
 *     resident and year from that resident's source records. Recomputing is idempotent, so the
 *     overlap and retries are harmless; the cost is per event, never per programme.
 *  2. `residentYearBackfiller` gives every active resident a resident-year document for the current
 *     year (and the last), event or not: the screening rates count all residents of the age and the
 *     管理人数 every diagnosed patient, including those nobody saw this year (lost to follow-up).
 *     It walks the residents by id from a cursor, a batch per run, and inserts only what is missing.
 *  3. `reportRollupBuilder` folds resident-years marked `rollupPending` into their team's rollup by
 *     re-summing that team's resident-years (one team at a time; the sum is done in code).
 *  4. `pointsMonthBuilder` re-sums the ledger entries of every Shanghai month touched since its
 *     cursor into one document per month.
 */
type Deps = Pick<AppDeps, 'models' | 'clock'>;

export const REPORT_EVENT_TYPES = ['followUpRecorded', 'followUpOutcomeRecorded', 'screeningRecorded', 'hcyTestRecorded', 'contractRecorded', 'diagnosisRecorded'] as const;
export const FEED_OVERLAP_MS = 2 * 60_000;
const EVENTS_PER_RUN = 5_000;

const yearOfDay = (day: string) => Number(day.slice(0, 4));
export const teamKey = (year: number, institutionId: string, teamId: string | null) => `${year}:${institutionId}:${teamId ?? '-'}`;

type ResidentRef = { _id: Types.ObjectId; institutionId: string; teamId?: string | null; birthDate: string };

/**
 * Reads the source records of `year` of several residents (five queries whatever their number) into
 * the facts the formulas need. Follow-ups come oldest first, same-day ones in recorded order.
 */
export async function loadResidentYearFactsBatch(deps: Deps, residents: readonly ResidentRef[], year: number): Promise<Map<string, ResidentYearFacts>> {
  const { models } = deps;
  // One resident (the event consumer) by equality: FerretDB does not push `$in` down.
  const residentId = residents.length === 1 ? residents[0]!._id : { $in: residents.map((r) => r._id) };
  const { from, to } = yearBounds(year);
  const [contracts, diagnoses, followUps, labs] = await Promise.all([
    models.Contract.find({ residentId }, { residentId: 1, teamId: 1, startsOn: 1, endsOn: 1, status: 1 }).lean(),
    models.Diagnosis.find({ residentId }, { residentId: 1, condition: 1, diagnosedOn: 1, status: 1 }).lean(),
    models.FollowUpRecord.find({ residentId, visitedOn: { $gte: from, $lte: to } }, { residentId: 1, form: 1, visitedOn: 1, mode: 1, data: 1 })
      .sort({ visitedOn: 1, importedAt: 1, _id: 1 })
      .lean(),
    models.LabResult.find(
      { residentId, measuredAt: { $gte: new Date(Date.UTC(year - 1, 11, 31)), $lt: new Date(Date.UTC(year + 1, 0, 2)) } },
      { residentId: 1, kind: 1, measuredAt: 1, data: 1 },
    ).lean(),
  ]);
  const byId = new Map<string, ResidentYearFacts>();
  for (const r of residents) byId.set(String(r._id), { birthDate: r.birthDate, contracts: [], diagnoses: [], followUps: [], screenings: [], hcyTests: [] });
  const factsOf = (id: Types.ObjectId) => byId.get(String(id));
  for (const c of contracts) factsOf(c.residentId)?.contracts.push({ teamId: c.teamId, startsOn: c.startsOn, endsOn: c.endsOn, status: c.status });
  for (const d of diagnoses) factsOf(d.residentId)?.diagnoses.push({ condition: d.condition, diagnosedOn: d.diagnosedOn, status: d.status });
  for (const x of followUps) factsOf(x.residentId)?.followUps.push(followUpFactOf(x));
  for (const lab of labs) {
    const facts = factsOf(lab.residentId);
    const on = shanghaiDate(lab.measuredAt);
    if (!facts || yearOfDay(on) !== year) continue;
    const v = ((lab.data as { values?: Record<string, number | undefined> })?.values ?? {}) as Record<string, number | undefined>;
    if (lab.kind === 'screening') {
      const measures = [
        ...(v.systolicMmHg !== undefined ? ['bp'] : []),
        ...([v.fastingGlucoseMmolL, v.postprandial2hGlucoseMmolL, v.randomGlucoseMmolL, v.hba1cPercent].some((x) => x !== undefined) ? ['glucose'] : []),
        ...([v.totalCholesterolMmolL, v.triglyceridesMmolL, v.ldlCholesterolMmolL, v.hdlCholesterolMmolL].some((x) => x !== undefined) ? ['lipids'] : []),
      ];
      if (measures.length > 0) facts.screenings.push({ on, measures });
    }
    if (v.hcyUmolL !== undefined) facts.hcyTests.push(on);
  }
  return byId;
}

function followUpFactOf(x: { visitedOn: string; form: string; mode: string; data?: unknown }): FollowUpFact {
  const data = (x.data ?? {}) as { outcome?: string; signs?: { systolicMmHg?: number; diastolicMmHg?: number }; fastingGlucoseMmolL?: number };
  const lost = data.outcome !== undefined && data.outcome !== 'visited';
  return {
    on: x.visitedOn,
    form: x.form,
    mode: x.mode,
    sbp: lost ? null : (data.signs?.systolicMmHg ?? null),
    dbp: lost ? null : (data.signs?.diastolicMmHg ?? null),
    fpg: lost ? null : (data.fastingGlucoseMmolL ?? null),
    lost,
  };
}

/** Reads one resident's source records of `year` into the facts the formulas need. */
export async function loadResidentYearFacts(deps: Deps, residentId: Types.ObjectId, year: number) {
  const resident = await deps.models.Resident.findById(residentId, { institutionId: 1, teamId: 1, birthDate: 1 }).lean();
  if (!resident) return null;
  const facts = (await loadResidentYearFactsBatch(deps, [resident], year)).get(String(resident._id))!;
  return { resident, facts };
}

/** The resident-year document as the job writes it (also used by the bench to seed). */
export function buildResidentYearDoc(input: { residentId: Types.ObjectId; year: number; institutionId: string; residentTeamId: string | null; facts: ResidentYearFacts; lastEventId: string | null; now: Date }) {
  const period = yearBounds(input.year);
  const contract = contractInPeriod(input.facts, period.from, period.to);
  return {
    _id: `${String(input.residentId)}:${input.year}`,
    residentId: input.residentId,
    year: input.year,
    institutionId: input.institutionId,
    teamId: contract?.teamId ?? input.residentTeamId,
    ...input.facts,
    figures: figuresFor(input.facts, period),
    lastEventId: input.lastEventId,
    computedAt: input.now,
    rollupPending: true,
  };
}

export async function residentYearRecomputer(deps: Deps, residentId: Types.ObjectId, year: number, lastEventId: string | null = null): Promise<boolean> {
  const loaded = await loadResidentYearFacts(deps, residentId, year);
  if (!loaded) return false;
  const doc = buildResidentYearDoc({ residentId, year, institutionId: loaded.resident.institutionId, residentTeamId: loaded.resident.teamId ?? null, facts: loaded.facts, lastEventId, now: deps.clock.now() });
  const { _id, ...rest } = doc;
  const previous = await deps.models.ReportResidentYear.findById(_id, { institutionId: 1, teamId: 1 }).lean();
  const previousKey = previous ? teamKey(year, previous.institutionId, previous.teamId ?? null) : null;
  const update: Record<string, unknown> = { $set: rest };
  if (previousKey && previousKey !== teamKey(year, doc.institutionId, doc.teamId)) update.$addToSet = { staleTeamKeys: previousKey };
  await deps.models.ReportResidentYear.updateOne({ _id }, update, { upsert: true });
  return true;
}

export const BACKFILL_RESIDENTS_PER_RUN = 2_000;

/**
 * Inserts the missing resident-year documents of `year` for the next residents after this year's
 * cursor (`residents:<year>`, by resident id, so archives created later are picked up by later
 * runs). Only inserts: a document an event already wrote is left alone, and a duplicate key from
 * an event consumer racing this run is ignored (both computed the same thing from the same records).
 */
export async function residentYearBackfiller(deps: Deps, year: number, batchSize = BACKFILL_RESIDENTS_PER_RUN): Promise<{ residents: number; inserted: number }> {
  const cursorId = `residents:${year}`;
  const cursor = await readCursor(deps, cursorId);
  const after = cursor?.lastId ? { _id: { $gt: new Types.ObjectId(cursor.lastId) } } : {};
  const residents = await deps.models.Resident.find({ ...after, status: 'active' }, { institutionId: 1, teamId: 1, birthDate: 1 }).sort({ _id: 1 }).limit(batchSize).lean();
  if (residents.length === 0) return { residents: 0, inserted: 0 };
  const ids = residents.map((r) => `${String(r._id)}:${year}`);
  const existing = new Set((await deps.models.ReportResidentYear.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map((d) => d._id));
  const missing = residents.filter((r) => !existing.has(`${String(r._id)}:${year}`));
  const facts = missing.length > 0 ? await loadResidentYearFactsBatch(deps, missing, year) : new Map<string, ResidentYearFacts>();
  const now = deps.clock.now();
  const docs = missing.map((r) => buildResidentYearDoc({ residentId: r._id, year, institutionId: r.institutionId, residentTeamId: r.teamId ?? null, facts: facts.get(String(r._id))!, lastEventId: null, now }));
  let inserted = 0;
  if (docs.length > 0) {
    try {
      inserted = (await deps.models.ReportResidentYear.insertMany(docs, { ordered: false })).length;
    } catch (err) {
      const bulk = err as { code?: number; insertedDocs?: unknown[]; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
      const onlyDuplicates = (bulk.writeErrors ?? [{ code: bulk.code }]).every((e) => (e.code ?? e.err?.code) === 11000);
      if (!onlyDuplicates) throw err;
      inserted = bulk.insertedDocs?.length ?? 0;
    }
  }
  await writeCursor(deps, cursorId, now, String(residents[residents.length - 1]!._id));
  return { residents: residents.length, inserted };
}

async function readCursor(deps: Deps, id: string) {
  return deps.models.ReportCursor.findById(id).lean();
}
async function writeCursor(deps: Deps, id: string, at: Date, lastId: string | null) {
  await deps.models.ReportCursor.updateOne({ _id: id }, { $set: { at, lastId, updatedAt: deps.clock.now() } }, { upsert: true });
}

/**
 * Years an event touches: its own; a contract every year it covers, a diagnosis every year since it
 * was made (both up to the current year, at most 6 years).
 */
function yearsOf(event: { type: string; occurredAt: Date; payload?: unknown }, currentYear: number): number[] {
  const own = yearOfDay(shanghaiDate(event.occurredAt));
  const p = (event.payload ?? {}) as { startsOn?: string; endsOn?: string; diagnosedOn?: string };
  const span =
    event.type === 'contractRecorded' && p.startsOn && p.endsOn
      ? { from: yearOfDay(p.startsOn), to: yearOfDay(p.endsOn) }
      : event.type === 'diagnosisRecorded' && p.diagnosedOn
        ? { from: Math.max(yearOfDay(p.diagnosedOn), currentYear - 5), to: currentYear }
        : null;
  if (!span) return [own];
  const years: number[] = [];
  for (let y = span.from; y <= Math.min(span.to, currentYear, span.from + 5); y += 1) years.push(y);
  return years.length > 0 ? years : [own];
}

export async function reportEventConsumer(deps: Deps): Promise<{ events: number; recomputed: number }> {
  const cursor = await readCursor(deps, 'domainEvents');
  const since = new Date((cursor?.at.getTime() ?? 0) - FEED_OVERLAP_MS);
  const currentYear = yearOfDay(shanghaiDate(deps.clock.now()));
  const touched = new Map<string, { residentId: Types.ObjectId; year: number; eventId: string }>();
  let last: { at: Date; id: Types.ObjectId } | null = null;
  let events = 0;
  for await (const page of domainEventPages(deps, { types: REPORT_EVENT_TYPES, since })) {
    for (const event of page) {
      for (const year of yearsOf(event, currentYear)) touched.set(`${String(event.residentId)}:${year}`, { residentId: event.residentId, year, eventId: event.eventId });
    }
    const tail = page[page.length - 1]!;
    last = { at: tail.recordedAt, id: tail._id };
    events += page.length;
    if (events >= EVENTS_PER_RUN) break;
  }
  let recomputed = 0;
  for (const { residentId, year, eventId } of touched.values()) if (await residentYearRecomputer(deps, residentId, year, eventId)) recomputed += 1;
  if (last && (!cursor || last.at > cursor.at)) await writeCursor(deps, 'domainEvents', last.at, String(last.id));
  return { events, recomputed };
}

/** Re-sums one team's resident-years of a year into its rollup (sums in code: see FerretDB notes). */
export async function teamRollupRecomputer(deps: Deps, year: number, institutionId: string, teamId: string | null): Promise<Figures> {
  const counters = emptyFigures();
  let members = 0;
  const cursor = deps.models.ReportResidentYear.find({ year, institutionId, teamId }, { figures: 1 }).lean().cursor({ batchSize: 2000 });
  for await (const doc of cursor) {
    addFigures(counters, doc.figures as Partial<Figures>);
    members += 1;
  }
  const _id = teamKey(year, institutionId, teamId);
  if (members === 0) await deps.models.ReportRollup.deleteOne({ _id });
  else await deps.models.ReportRollup.updateOne({ _id }, { $set: { year, institutionId, teamId, counters, computedAt: deps.clock.now() } }, { upsert: true });
  return counters;
}

/** A small incremental run (a few residents changed): rebuilt team by team, cleared by id. */
export const ROLLUP_SMALL_PENDING = 500;
const ROLLUP_FEW_TEAMS = 10;
const ROLLUP_MAX_PASSES = 10;
const clearPending = { $set: { rollupPending: false, staleTeamKeys: [] } };

type TeamRef = { year: number; institutionId: string; teamId: string | null };

function parseTeamKey(key: string): TeamRef {
  const [y, inst, team] = key.split(':') as [string, string, string];
  return { year: Number(y), institutionId: inst, teamId: team === '-' ? null : team };
}

/**
 * Folds pending resident-years into their team rollups, so a whole-year report reads one small
 * document per team however many residents there are.
 *
 * - Few pending documents in few teams (the steady state: the minute's events): each of those teams
 *   is re-summed with one query, then exactly those documents are cleared (by id, and only if not
 *   recomputed since the pass began).
 * - Otherwise (a back-fill, a new year): ONE scan of each affected year's resident-years re-sums
 *   every team of that year, and every pending document of that year computed before the scan began
 *   is cleared — the scan has folded in exactly those versions. Rollups of teams left without
 *   members (a resident's former team, from `staleTeamKeys`) are deleted.
 *
 * A document recomputed while a pass runs keeps its mark for the next pass, so nothing changed is
 * ever cleared unfolded; passes repeat while they clear something (at most ROLLUP_MAX_PASSES a run).
 */
export async function reportRollupBuilder(deps: Deps): Promise<{ teams: number; residentYears: number }> {
  let teams = 0;
  let residentYears = 0;
  for (let pass = 0; pass < ROLLUP_MAX_PASSES; pass += 1) {
    const passStartedAt = deps.clock.now();
    const pending = await deps.models.ReportResidentYear.find({ rollupPending: true }, { year: 1, institutionId: 1, teamId: 1, staleTeamKeys: 1 }).limit(ROLLUP_SMALL_PENDING).lean();
    if (pending.length === 0) break;
    const keys = new Map<string, TeamRef>();
    for (const doc of pending) {
      keys.set(teamKey(doc.year, doc.institutionId, doc.teamId ?? null), { year: doc.year, institutionId: doc.institutionId, teamId: doc.teamId ?? null });
      for (const stale of doc.staleTeamKeys ?? []) keys.set(stale, parseTeamKey(stale));
    }
    if (pending.length < ROLLUP_SMALL_PENDING && keys.size <= ROLLUP_FEW_TEAMS) {
      for (const key of keys.values()) await teamRollupRecomputer(deps, key.year, key.institutionId, key.teamId);
      const cleared = await deps.models.ReportResidentYear.updateMany({ _id: { $in: pending.map((d) => d._id) }, rollupPending: true, computedAt: { $lte: passStartedAt } }, clearPending);
      teams += keys.size;
      residentYears += cleared.modifiedCount;
      // Nothing cleared: what is still pending was recomputed after this pass began (next run).
      if (cleared.modifiedCount === 0) break;
      continue;
    }
    let clearedThisPass = 0;
    for (const year of new Set([...keys.values()].map((k) => k.year))) {
      const rebuilt = await yearRollupRebuilder(deps, year, passStartedAt, [...keys.keys()].filter((k) => keys.get(k)!.year === year));
      teams += rebuilt.teams;
      clearedThisPass += rebuilt.residentYears;
    }
    residentYears += clearedThisPass;
    if (clearedThisPass === 0) break;
  }
  return { teams, residentYears };
}

/**
 * One scan of a year's resident-years → every team rollup of that year (teams left without members
 * among `knownKeys` or a document's `staleTeamKeys` are deleted); then that year's pending marks of
 * documents computed before `passStartedAt`. The builder's back-fill pass; the bench calls it to
 * build the rollups of resident-years it seeded as already folded.
 */
export async function yearRollupRebuilder(deps: Deps, year: number, passStartedAt: Date = deps.clock.now(), knownKeys: string[] = []): Promise<{ teams: number; residentYears: number }> {
  const sums = new Map<string, { ref: TeamRef; counters: Figures }>();
  const emptied = new Set(knownKeys);
  const cursor = deps.models.ReportResidentYear.find({ year }, { institutionId: 1, teamId: 1, figures: 1, staleTeamKeys: 1 }).lean().cursor({ batchSize: 5000 });
  for await (const doc of cursor) {
    const key = teamKey(year, doc.institutionId, doc.teamId ?? null);
    const entry = sums.get(key) ?? sums.set(key, { ref: { year, institutionId: doc.institutionId, teamId: doc.teamId ?? null }, counters: emptyFigures() }).get(key)!;
    addFigures(entry.counters, doc.figures as Partial<Figures>);
    for (const stale of doc.staleTeamKeys ?? []) emptied.add(stale);
  }
  const now = deps.clock.now();
  for (const [key, { ref, counters }] of sums) {
    await deps.models.ReportRollup.updateOne({ _id: key }, { $set: { year, institutionId: ref.institutionId, teamId: ref.teamId, counters, computedAt: now } }, { upsert: true });
  }
  for (const key of emptied) if (!sums.has(key)) await deps.models.ReportRollup.deleteOne({ _id: key });
  const cleared = await deps.models.ReportResidentYear.updateMany({ year, rollupPending: true, computedAt: { $lte: passStartedAt } }, clearPending);
  return { teams: sums.size, residentYears: cleared.modifiedCount };
}

// ── Points by month ─────────────────────────────────────────────────────────────────────────────

export interface PointsSums { earned: number; redeemed: number; reversed: number; expired: number; adjusted: number; net: number }
export const emptyPoints = (): PointsSums => ({ earned: 0, redeemed: 0, reversed: 0, expired: 0, adjusted: 0, net: 0 });

/** Adds one ledger entry: earned = earn; redeemed = −capture; reversed = refunds credited back; expired = −expire. */
export function addLedgerEntry(sums: PointsSums, entry: { type: string; points: number }): void {
  sums.net += entry.points;
  if (entry.type === 'earn') sums.earned += entry.points;
  else if (entry.type === 'capture') sums.redeemed += -entry.points;
  else if (entry.type === 'reverse') sums.reversed += entry.points;
  else if (entry.type === 'expire') sums.expired += -entry.points;
  else if (entry.type === 'adjust') sums.adjusted += entry.points;
}

/** Shanghai month 'YYYY-MM' → [start, end) instants. */
export function monthRange(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000), end: new Date(Date.UTC(y, m, 1) - 8 * 3600_000) };
}

export async function sumLedger(deps: Deps, start: Date, end: Date): Promise<PointsSums> {
  const sums = emptyPoints();
  const cursor = deps.models.LedgerCommit.collection.find<Pick<CommitDoc, 'entries'>>({ at: { $gte: start, $lt: end } }, { projection: { 'entries.type': 1, 'entries.points': 1 }, batchSize: 5000 });
  for await (const commit of cursor) for (const entry of commit.entries) addLedgerEntry(sums, entry);
  return sums;
}

export async function pointsMonthBuilder(deps: Deps): Promise<{ months: number }> {
  const cursor = await readCursor(deps, 'ledgerEntries');
  const since = new Date((cursor?.at.getTime() ?? 0) - FEED_OVERLAP_MS);
  const months = new Set<string>();
  let maxAt: Date | null = null;
  const feed = deps.models.LedgerCommit.find({ at: { $gte: since } }, { at: 1 }).lean().cursor({ batchSize: 5000 });
  for await (const entry of feed) {
    months.add(shanghaiDate(entry.at).slice(0, 7));
    if (!maxAt || entry.at > maxAt) maxAt = entry.at;
  }
  for (const month of months) {
    const { start, end } = monthRange(month);
    const sums = await sumLedger(deps, start, end);
    await deps.models.ReportPointsMonth.updateOne({ _id: `points:${month}` }, { $set: { month, ...sums } }, { upsert: true });
  }
  if (maxAt && (!cursor || maxAt > cursor.at)) await writeCursor(deps, 'ledgerEntries', maxAt, null);
  return { months: months.size };
}

/** One run of every aggregate step, in order (the job; tests call it directly). */
export async function refreshReportAggregates(deps: Deps) {
  const events = await reportEventConsumer(deps);
  const currentYear = yearOfDay(shanghaiDate(deps.clock.now()));
  let backfilled = 0;
  for (const year of [currentYear - 1, currentYear]) backfilled += (await residentYearBackfiller(deps, year)).inserted;
  const rollups = await reportRollupBuilder(deps);
  const points = await pointsMonthBuilder(deps);
  return { ...events, backfilled, ...rollups, ...points };
}

