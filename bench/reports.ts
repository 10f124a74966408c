/**
 * Programme report time at 10,000 and at 100,000 residents (same database, grown in place), and
 * their ratio (target ≤ 2×). Starts a local FerretDB unless MONGODB_URI is set. Ends with
 *   report_ms_10k=<n> report_ms_100k=<n> ratio=<n>
 *
 * What is seeded, honestly: residents (archive documents), a few home readings each
 * (BENCH_READINGS_PER_RESIDENT, default 2 — the report never reads them), one domain event per
 * resident, and each resident's year of report facts (contract, diagnoses, 4–6 follow-ups with BP /
 * FPG, screenings) written DIRECTLY as the resident-year aggregate documents, built by the same
 * `buildResidentYearDoc` the event consumer uses — replaying 100k residents' events through the
 * consumer (≈ 6 queries per resident) would take far longer than a bench should. The team rollups
 * are then built by the real rollup step, and the timed call is the real `programmeReport` for
 * the whole year (median of 5), which reads the rollups, points months and statements.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { systemClock } from '../server/clock';
import { bindModels, syncIndexes } from '../server/db/models';
import type { AppDeps } from '../server/deps';
import { startLocalMongo, type LocalMongo } from '../server/dev/localMongo';
import { buildResidentYearDoc, reportRollupBuilder } from '../server/reports/aggregates';
import type { ResidentYearFacts } from '../server/reports/figures';
import { programmeReport } from '../server/reports/programmeReport';

const YEAR = 2025;
const INSTITUTIONS = 20;
const TEAMS_PER_INSTITUTION = 5;
const READINGS_PER_RESIDENT = Number(process.env.BENCH_READINGS_PER_RESIDENT ?? 2);
const BATCH = 2_000;

let rng = 42;
const rand = () => ((rng = (rng * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');

function residentFacts(teamId: string): ResidentYearFacts {
  const birthYear = 1935 + Math.floor(rand() * 70);
  const htn = rand() < 0.45;
  const dm = rand() < 0.2;
  const followUps: ResidentYearFacts['followUps'] = [];
  const n = htn || dm ? 4 + Math.floor(rand() * 3) - (rand() < 0.2 ? 4 : 0) : 0;
  for (let i = 0; i < n; i += 1) {
    const on = `${YEAR}-${pad(1 + Math.floor((i * 12) / Math.max(n, 1)))}-${pad(1 + Math.floor(rand() * 27))}`;
    followUps.push({ on, form: htn ? 'hypertension' : 'diabetes', mode: pick(['clinic', 'clinic', 'home', 'phone']), sbp: htn ? 115 + Math.floor(rand() * 50) : null, dbp: htn ? 70 + Math.floor(rand() * 30) : null, fpg: dm ? 5 + Math.round(rand() * 50) / 10 : null });
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

async function seed(models: ReturnType<typeof bindModels>, from: number, to: number, label: string) {
  const now = new Date();
  for (let start = from; start < to; start += BATCH) {
    const residents = [];
    const years = [];
    const readings = [];
    const events = [];
    for (let i = start; i < Math.min(to, start + BATCH); i += 1) {
      const _id = new Types.ObjectId();
      const institutionId = `inst-${i % INSTITUTIONS}`;
      const teamId = `${institutionId}-team-${Math.floor(i / INSTITUTIONS) % TEAMS_PER_INSTITUTION}`;
      const facts = residentFacts(teamId);
      residents.push({ _id, name: `居民${i}`, idNumberEncrypted: 'bench', idNumberHash: `bench-${i}`, birthDate: facts.birthDate, sex: i % 2 ? 'male' : 'female', institutionId, teamId, status: 'active', createdAt: now, updatedAt: now });
      years.push(buildResidentYearDoc({ residentId: _id, year: YEAR, institutionId, residentTeamId: teamId, facts, lastEventId: `bench:${i}`, now }));
      for (let r = 0; r < READINGS_PER_RESIDENT; r += 1) {
        const measuredAt = new Date(Date.UTC(YEAR, Math.floor(rand() * 12), 1 + Math.floor(rand() * 27), 1));
        readings.push({ residentId: _id, clientReadingId: `b-${i}-${r}`, measure: 'bp', measuredAt, values: { mean: { systolicMmHg: 130, diastolicMmHg: 82 } }, assessment: {}, urgent: false, source: 'manual', enteredBy: { accountId: _id, actingAs: 'resident', proxyLinkId: null }, payloadHash: 'bench', createdAt: measuredAt });
      }
      events.push({ eventId: `bench:${i}`, type: 'followUpRecorded', residentId: _id, occurredAt: now, payload: {}, recordedAt: now });
    }
    await models.Resident.collection.insertMany(residents, { ordered: false });
    await models.ReportResidentYear.collection.insertMany(years as never[], { ordered: false });
    if (readings.length > 0) await models.Reading.collection.insertMany(readings, { ordered: false });
    await models.DomainEvent.collection.insertMany(events, { ordered: false });
    if (process.env.BENCH_VERBOSE) console.log(`${label}: seeded ${Math.min(to, start + BATCH)}`);
  }
}

async function timeReport(deps: AppDeps): Promise<{ ms: number; contracted: number }> {
  const runs: number[] = [];
  let contracted = 0;
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const report = await programmeReport(deps, { year: YEAR });
    runs.push(performance.now() - t0);
    contracted = report.programme.counts.contracted;
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[2]!, contracted };
}

async function main(): Promise<void> {
  let local: LocalMongo | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    local = await startLocalMongo({ dataDir: mkdtempSync(join(tmpdir(), 'passbook-bench-reports-')), log: () => undefined });
    uri = local.uri;
  }
  const connection = await mongoose.createConnection(uri, { dbName: `bench_reports_${Date.now().toString(36)}`, autoIndex: false }).asPromise();
  try {
    const models = bindModels(connection);
    await syncIndexes(models);
    const deps = { models, clock: systemClock } as unknown as AppDeps;
    const now = new Date();
    for (let i = 0; i < INSTITUTIONS; i += 1) {
      await models.Institution.create({ _id: `inst-${i}`, name: `机构${i}`, targetPopulation: 6_000, createdAt: now, createdByAccountId: 'bench', updatedAt: now });
      for (let t = 0; t < TEAMS_PER_INSTITUTION; t += 1) {
        await models.Team.create({ _id: `inst-${i}-team-${t}`, institutionId: `inst-${i}`, name: `团队${t}`, targetPopulation: 1_200, members: [], createdAt: now, createdByAccountId: 'bench', updatedAt: now });
      }
    }
    const results: Record<string, number> = {};
    // BENCH_SMALL / BENCH_LARGE scale the run down (e.g. on a slow shared machine); defaults 10k / 100k.
    const small = Number(process.env.BENCH_SMALL ?? 10_000);
    const large = Number(process.env.BENCH_LARGE ?? 100_000);
    for (const [label, from, to] of [['10k', 0, small], ['100k', small, large]] as const) {
      const t0 = performance.now();
      await seed(models, from, to, label);
      const seeded = performance.now() - t0;
      const t1 = performance.now();
      const rollup = await reportRollupBuilder(deps);
      const rolled = performance.now() - t1;
      const { ms, contracted } = await timeReport(deps);
      results[label] = ms;
      console.log(`${label}: residents=${to} seed_ms=${Math.round(seeded)} rollup_ms=${Math.round(rolled)} (teams=${rollup.teams}, residentYears=${rollup.residentYears}) report_ms=${ms.toFixed(1)} contracted=${contracted}`);
    }
    const ratio = results['100k']! / results['10k']!;
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
