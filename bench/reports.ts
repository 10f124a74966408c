/**
 * Programme report time at 10,000 and at 100,000 residents (same database, grown in place), and
 * their ratio (target ≤ 2×). Starts a local FerretDB unless MONGODB_URI is set. Ends with
 *   report_ms_10k=<n> report_ms_100k=<n> ratio=<n>
 *
 * What is seeded, per resident, for calendar year 2025 (20 institutions × 5 teams; a fixed-seed
 * generator, so every run seeds the same data):
 *  - the archive (`residents`);
 *  - a year of home readings (`readings`): BENCH_READINGS_PER_RESIDENT (default 12) spread over the
 *    12 months — BP for residents with hypertension or no condition, glucose for diabetes only;
 *  - the clinic's records as the integration importer stores them: a contract (90 % of residents,
 *    2024-07-01…2026-06-30), diagnoses (hypertension 45 %, diabetes 20 %), 0–6 follow-ups
 *    (随访服务记录表 with BP / FPG) of residents with a condition, a screening (50 %) and an Hcy test
 *    (30 % of hypertensives) — in `contracts`, `diagnoses`, `follow_up_records`, `lab_results`;
 *  - the domain event the importer appends for each of those records (`domainEvents`; the bench
 *    credits no points, so the passbook has not consumed them);
 *  - the report aggregate of that resident and year (`report_resident_years`), built from the SAME
 *    facts by the same `buildResidentYearDoc` the report event consumer writes with, and stored as
 *    already folded into its team rollup (`rollupPending: false`); the feed cursor is set past the
 *    seeded events, as if the consumer had run.
 *
 * Two shortcuts, both because FerretDB 1.24 + SQLite (the local database) turns every write other
 * than an insert into a scan of the collection (an `updateOne` by `_id` costs ~12 µs per document
 * in the collection; measured here: 17 ms at 1k documents, 125 ms at 10k), so per-document updates
 * are quadratic in the number of residents:
 *  1. The events are not replayed through the report event consumer (≈ 6 reads and 1 update per
 *     resident). Instead, after the first size, the consumer's own reader (`loadResidentYearFacts`)
 *     re-reads a sample of residents (BENCH_VERIFY_SAMPLE, default 3) from the seeded records, and
 *     the bench stops unless its facts and the figures built from them equal what was seeded.
 *  2. The team rollups are built by the rollup builder's back-fill pass (`yearRollupRebuilder`: one
 *     scan of the year's resident-years, every team rollup rewritten), not by `reportRollupBuilder`
 *     around it, whose only other work would be clearing one `rollupPending` mark per resident.
 *
 * How: native `insertMany` (ordered: false) in batches of BENCH_BATCH (default 5,000) documents,
 * with the bulk collections' secondary indexes dropped while seeding and every index of every model
 * built (`syncIndexes`) before anything is measured; seeding, index and rollup times are printed.
 * The timed call is the real `programmeReport` for the whole year (one untimed warm-up call, then
 * the median of BENCH_REPORT_RUNS = 11 timed calls, all printed),
 * which reads the team rollups, the monthly points sums and the settlement statements — never the
 * readings or the resident-years.
 *
 * BENCH_RESIDENTS_SMALL / BENCH_RESIDENTS_LARGE scale the two sizes
 * down for a trial run; the last line keeps its labels, and the line before it names the sizes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { systemClock } from '../server/clock';
import { bindModels, syncIndexes, type Models } from '../server/db/models';
import type { AppDeps } from '../server/deps';
import { startLocalMongo, type LocalMongo } from '../server/dev/localMongo';
import { buildResidentYearDoc, loadResidentYearFacts, yearRollupRebuilder } from '../server/reports/aggregates';
import { yearBounds, type ResidentYearFacts } from '../shared/reports/indicators';
import { programmeReport } from '../server/reports/programmeReport';

const YEAR = 2025;
const INSTITUTIONS = 20;
const TEAMS_PER_INSTITUTION = 5;
const READINGS_PER_RESIDENT = Number(process.env.BENCH_READINGS_PER_RESIDENT ?? 12);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const VERIFY_SAMPLE = Number(process.env.BENCH_VERIFY_SAMPLE ?? 3);
const SMALL = Number(process.env.BENCH_RESIDENTS_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_RESIDENTS_LARGE ?? 100_000);

/** The collections that grow with residents: seeded without secondary indexes, indexed afterwards. */
const BULK_MODELS = ['Resident', 'Reading', 'Contract', 'Diagnosis', 'FollowUpRecord', 'LabResult', 'DomainEvent', 'ReportResidentYear'] as const;

let rng = 42;
const rand = () => (rng = (rng * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');
const shanghaiNoon = (day: string) => new Date(`${day}T12:00:00+08:00`);
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

function residentFacts(teamId: string): ResidentYearFacts {
  const birthYear = 1935 + Math.floor(rand() * 70);
  const htn = rand() < 0.45;
  const dm = rand() < 0.2;
  const followUps: ResidentYearFacts['followUps'] = [];
  const n = htn || dm ? 4 + Math.floor(rand() * 3) - (rand() < 0.2 ? 4 : 0) : 0;
  for (let i = 0; i < n; i += 1) {
    const on = `${YEAR}-${pad(1 + Math.floor((i * 12) / Math.max(n, 1)))}-${pad(1 + Math.floor(rand() * 27))}`;
    followUps.push({ on, form: htn ? 'hypertension' : 'diabetes', mode: pick(['clinic', 'clinic', 'home', 'phone']), sbp: htn ? 115 + Math.floor(rand() * 50) : null, dbp: htn ? 70 + Math.floor(rand() * 30) : null, fpg: dm ? 5 + Math.round(rand() * 50) / 10 : null, lost: false });
  }
  return {
    birthDate: `${birthYear}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`,
    contracts: rand() < 0.9 ? [{ teamId, startsOn: `${YEAR - 1}-07-01`, endsOn: `${YEAR + 1}-06-30`, status: 'active' }] : [],
    diagnoses: [...(htn ? [{ condition: 'hypertension', diagnosedOn: '2019-05-01', status: 'active' }] : []), ...(dm ? [{ condition: 'hyperglycemia', diagnosedOn: '2020-03-01', status: 'active' }] : [])],
    followUps,
    screenings: rand() < 0.5 ? [{ on: `${YEAR}-0${1 + Math.floor(rand() * 9)}-15`, measures: pick([['bp'], ['bp', 'glucose'], ['bp', 'glucose', 'lipids']]) }] : [],
    hcyTests: htn && rand() < 0.3 ? [`${YEAR}-06-01`] : [],
  };
}

/** Buffers documents per collection and writes them with insertMany once a batch is full. */
class BulkWriter {
  private readonly buffers = new Map<string, { collection: mongoose.mongo.Collection; docs: object[] }>();
  written = 0;
  add(model: { collection: { collectionName: string } }, doc: object, models: Models): Promise<void> | undefined {
    const name = model.collection.collectionName;
    let buffer = this.buffers.get(name);
    if (!buffer) {
      const owner = Object.values(models).find((m) => m.collection.collectionName === name)!;
      buffer = { collection: owner.collection as unknown as mongoose.mongo.Collection, docs: [] };
      this.buffers.set(name, buffer);
    }
    buffer.docs.push(doc);
    return buffer.docs.length >= BATCH ? this.flushOne(buffer) : undefined;
  }
  private async flushOne(buffer: { collection: mongoose.mongo.Collection; docs: object[] }) {
    const docs = buffer.docs;
    buffer.docs = [];
    if (docs.length === 0) return;
    await buffer.collection.insertMany(docs as never[], { ordered: false });
    this.written += docs.length;
  }
  async flush() {
    for (const buffer of this.buffers.values()) await this.flushOne(buffer);
  }
}

interface SeedResult { docs: number; lastEventAt: Date; sample: Array<{ residentId: Types.ObjectId; facts: ResidentYearFacts }> }

async function seed(models: Models, from: number, to: number, label: string): Promise<SeedResult> {
  const writer = new BulkWriter();
  const put = async (model: { collection: { collectionName: string } }, doc: object) => {
    const pending = writer.add(model, doc, models);
    if (pending) await pending;
  };
  const now = new Date();
  const sample: SeedResult['sample'] = [];
  const sampleEvery = Math.max(1, Math.floor((to - from) / Math.max(1, VERIFY_SAMPLE)));
  for (let i = from; i < to; i += 1) {
    const residentId = new Types.ObjectId();
    const institutionId = `inst-${i % INSTITUTIONS}`;
    const teamId = `${institutionId}-team-${Math.floor(i / INSTITUTIONS) % TEAMS_PER_INSTITUTION}`;
    const facts = residentFacts(teamId);
    if (VERIFY_SAMPLE > 0 && (i - from) % sampleEvery === 0 && sample.length < VERIFY_SAMPLE) sample.push({ residentId, facts });
    await put(models.Resident, { _id: residentId, name: `居民${i}`, idNumberEncrypted: 'bench', idNumberHash: `bench-${i}`, phoneEncrypted: null, phoneHash: null, birthDate: facts.birthDate, sex: i % 2 ? 'male' : 'female', institutionId, teamId, status: 'active', accountId: null, boundAt: null, heightCm: null, clinicalTargets: null, createdAt: now, updatedAt: now });

    const htn = facts.diagnoses.some((d) => d.condition === 'hypertension');
    const dmOnly = !htn && facts.diagnoses.some((d) => d.condition === 'hyperglycemia');
    for (let r = 0; r < READINGS_PER_RESIDENT; r += 1) {
      const measuredAt = new Date(Date.UTC(YEAR, Math.floor((r * 12) / READINGS_PER_RESIDENT), 1 + Math.floor(rand() * 27), 0, 30));
      const sbp = 110 + Math.floor(rand() * 60);
      const dbp = 65 + Math.floor(rand() * 35);
      const reading = dmOnly
        ? { measure: 'glucose', values: { timing: 'fasting', glucoseMmolL: 5 + Math.round(rand() * 60) / 10 }, assessment: { grade: null, atTarget: null } }
        : { measure: 'bp', values: { readings: [{ systolicMmHg: sbp, diastolicMmHg: dbp }, { systolicMmHg: sbp - 2, diastolicMmHg: dbp - 1 }], mean: { systolicMmHg: sbp - 1, diastolicMmHg: dbp } }, assessment: { grade: null, atTarget: sbp < 140 && dbp < 90 } };
      await put(models.Reading, { residentId, clientReadingId: `b-${i}-${r}`, ...reading, measuredAt, urgent: false, source: 'manual', enteredBy: { accountId: residentId, actingAs: 'resident', proxyLinkId: null }, payloadHash: 'bench', createdAt: measuredAt });
    }

    // The clinic's records and their events, as server/integration/recordImporter.ts writes them.
    const source = (sourceType: string, n: number) => ({ institutionId, sourceType, sourceId: `B${i}-${sourceType}-${n}`, residentId, contentHash: 'bench', importedAt: now, updatedAt: now });
    const event = (eventId: string, type: string, occurredAt: Date, payload: object) => put(models.DomainEvent, { eventId, type, residentId, occurredAt, payload, recordedAt: now });
    for (const [n, c] of facts.contracts.entries()) {
      const _id = new Types.ObjectId();
      await put(models.Contract, { _id, ...source('contract', n), teamId: c.teamId, startsOn: c.startsOn, endsOn: c.endsOn, status: c.status, data: { team: { teamId: c.teamId, name: `团队${c.teamId}`, members: [] }, packageName: '家庭医生基础签约服务包', packageItems: [], startsOn: c.startsOn, endsOn: c.endsOn, status: c.status } });
      await event(`contract:${institutionId}:B${i}-contract-${n}`, 'contractRecorded', dayStart(c.startsOn), { contractId: String(_id), teamId: c.teamId, startsOn: c.startsOn, endsOn: c.endsOn, status: c.status });
    }
    for (const [n, d] of facts.diagnoses.entries()) {
      await put(models.Diagnosis, { ...source('diagnosis', n), condition: d.condition, diagnosedOn: d.diagnosedOn, status: d.status, data: { condition: d.condition, diagnosedOn: d.diagnosedOn, status: d.status } });
    }
    for (const [n, f] of facts.followUps.entries()) {
      const _id = new Types.ObjectId();
      const signs = f.sbp !== null ? { systolicMmHg: f.sbp, diastolicMmHg: f.dbp } : {};
      await put(models.FollowUpRecord, { _id, ...source('followUp', n), form: f.form, visitedOn: f.on, mode: f.mode, classification: null, data: { form: f.form, visitedOn: f.on, mode: f.mode, outcome: 'visited', signs, ...(f.fpg !== null ? { fastingGlucoseMmolL: f.fpg } : {}) } });
      await event(`followUp:${institutionId}:B${i}-followUp-${n}`, 'followUpRecorded', dayStart(f.on), { followUpId: String(_id), form: f.form, mode: f.mode, classification: null });
    }
    const labs: Array<{ on: string; values: Record<string, number>; measures: string[] }> = facts.screenings.map((s) => ({
      on: s.on,
      measures: s.measures,
      values: { ...(s.measures.includes('bp') ? { systolicMmHg: 128, diastolicMmHg: 82 } : {}), ...(s.measures.includes('glucose') ? { fastingGlucoseMmolL: 5.6 } : {}), ...(s.measures.includes('lipids') ? { ldlCholesterolMmolL: 3.0 } : {}) },
    }));
    for (const on of facts.hcyTests) {
      const same = labs.find((l) => l.on === on);
      if (same) same.values.hcyUmolL = 12.5;
      else labs.push({ on, measures: [], values: { hcyUmolL: 12.5 } });
    }
    for (const [n, lab] of labs.entries()) {
      const _id = new Types.ObjectId();
      const measuredAt = shanghaiNoon(lab.on);
      await put(models.LabResult, { _id, ...source('screening', n), kind: 'screening', measuredAt, data: { measuredAt: measuredAt.toISOString(), values: lab.values } });
      if (lab.measures.length > 0) await event(`screening:${institutionId}:B${i}-screening-${n}`, 'screeningRecorded', measuredAt, { labResultId: String(_id), measures: lab.measures });
      if (lab.values.hcyUmolL !== undefined) await event(`hcyTest:${institutionId}:screening:B${i}-screening-${n}`, 'hcyTestRecorded', measuredAt, { labResultId: String(_id), hcyUmolL: lab.values.hcyUmolL });
    }

    await put(models.ReportResidentYear, { ...buildResidentYearDoc({ residentId, year: YEAR, institutionId, residentTeamId: teamId, facts, lastEventId: `bench:${i}`, now }), rollupPending: false });
    if (process.env.BENCH_VERBOSE && (i + 1) % 10_000 === 0) console.log(`${label}: seeded ${i + 1} residents, ${writer.written} documents`);
  }
  await writer.flush();
  return { docs: writer.written, lastEventAt: now, sample };
}

/** The consumer's own reader, on the seeded records, must give back the seeded facts and figures. */
async function verifySample(deps: AppDeps, sample: SeedResult['sample']) {
  const { from, to } = yearBounds(YEAR);
  const normalize = (f: ResidentYearFacts) => ({ ...f, followUps: [...f.followUps].sort((a, b) => a.on.localeCompare(b.on)), screenings: [...f.screenings].sort((a, b) => a.on.localeCompare(b.on)) });
  for (const { residentId, facts } of sample) {
    const loaded = await loadResidentYearFacts(deps, residentId, YEAR);
    const stored = await deps.models.ReportResidentYear.findById(`${String(residentId)}:${YEAR}`).lean();
    const expected = JSON.stringify(normalize(facts));
    if (!loaded || JSON.stringify(normalize(loaded.facts)) !== expected) throw new Error(`seeded records of ${String(residentId)} do not read back as the seeded facts:\n${JSON.stringify(loaded?.facts)}\n${expected}`);
    const recomputed = buildResidentYearDoc({ residentId, year: YEAR, institutionId: loaded.resident.institutionId, residentTeamId: loaded.resident.teamId ?? null, facts: loaded.facts, lastEventId: null, now: new Date() });
    if (JSON.stringify(recomputed.figures) !== JSON.stringify(stored?.figures)) throw new Error(`figures of ${String(residentId)} differ from what the consumer would write (${from}…${to})`);
  }
}

async function dropBulkIndexes(models: Models) {
  for (const name of BULK_MODELS) {
    try {
      await models[name].collection.dropIndexes();
    } catch (err) {
      if ((err as { codeName?: string }).codeName !== 'NamespaceNotFound') throw err;
    }
  }
}

/** One untimed call (connection and caches warm), then REPORT_RUNS timed calls; the median counts. */
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 11);

async function timeReport(deps: AppDeps): Promise<{ ms: number; contracted: number; runs: number[] }> {
  const runs: number[] = [];
  let contracted = (await programmeReport(deps, { year: YEAR })).programme.counts.contracted;
  for (let i = 0; i < REPORT_RUNS; i += 1) {
    const t0 = performance.now();
    const report = await programmeReport(deps, { year: YEAR });
    runs.push(performance.now() - t0);
    contracted = report.programme.counts.contracted;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)]!, contracted, runs };
}

async function main(): Promise<void> {
  let local: LocalMongo | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    local = await startLocalMongo({ dataDir: mkdtempSync(join(tmpdir(), 'passbook-bench-reports-')), log: () => undefined });
    uri = local.uri;
  }
  // FerretDB answers one request at a time (tools/ferretdb-launcher/serialize.go): a long scan or
  // index build must not make the driver's monitor give up on the connection.
  const connection = await mongoose.createConnection(uri, { dbName: `bench_reports_${Date.now().toString(36)}`, autoIndex: false, connectTimeoutMS: 600_000, socketTimeoutMS: 0, serverSelectionTimeoutMS: 600_000 }).asPromise();
  try {
    const models = bindModels(connection);
    for (const [name, model] of Object.entries(models)) if (!(BULK_MODELS as readonly string[]).includes(name)) await model.createIndexes();
    const deps = { models, clock: systemClock } as unknown as AppDeps;
    const now = new Date();
    for (let i = 0; i < INSTITUTIONS; i += 1) {
      await models.Institution.create({ _id: `inst-${i}`, name: `机构${i}`, targetPopulation: 6_000, createdAt: now, createdByAccountId: 'bench', updatedAt: now });
      for (let t = 0; t < TEAMS_PER_INSTITUTION; t += 1) {
        await models.Team.create({ _id: `inst-${i}-team-${t}`, institutionId: `inst-${i}`, name: `团队${t}`, targetPopulation: 1_200, members: [], createdAt: now, createdByAccountId: 'bench', updatedAt: now });
      }
    }
    const results: Record<string, number> = {};
    for (const [label, from, to] of [['10k', 0, SMALL], ['100k', SMALL, LARGE]] as const) {
      await dropBulkIndexes(models);
      const t0 = performance.now();
      const seeded = await seed(models, from, to, label);
      const seedMs = performance.now() - t0;
      await models.ReportCursor.updateOne({ _id: 'domainEvents' }, { $set: { at: seeded.lastEventAt, lastId: null, updatedAt: new Date() } }, { upsert: true });
      const t1 = performance.now();
      await syncIndexes(models);
      const indexMs = performance.now() - t1;
      if (label === '10k' && seeded.sample.length > 0) await verifySample(deps, seeded.sample);
      const t2 = performance.now();
      const rollup = await yearRollupRebuilder(deps, YEAR);
      const rollupMs = performance.now() - t2;
      const { ms, contracted, runs } = await timeReport(deps);
      results[label] = ms;
      console.log(
        `${label}: residents=${to} seeded_docs=${seeded.docs} seed_ms=${Math.round(seedMs)} (${Math.round(seeded.docs / (seedMs / 1000))} docs/s) index_ms=${Math.round(indexMs)} ` +
          `rollup_ms=${Math.round(rollupMs)} (teams=${rollup.teams}) report_ms=${ms.toFixed(1)} (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)}; runs ${runs.map((r) => r.toFixed(1)).join(' ')}) contracted=${contracted}`,
      );
    }
    const ratio = results['100k']! / results['10k']!;
    console.log(`sizes: 10k=${SMALL} residents, 100k=${LARGE} residents, ${READINGS_PER_RESIDENT} readings each`);
    console.log(`report_ms_10k=${results['10k']!.toFixed(1)} report_ms_100k=${results['100k']!.toFixed(1)} ratio=${ratio.toFixed(2)}`);
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await local?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
