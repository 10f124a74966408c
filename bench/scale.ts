/**
 * Resident-scoped reads as the city's data grows around them: one resident's readings list (7 and
 * 90 days), 存折 summary and readings count, timed with 1×, 10× and 100× unrelated readings and
 * ledger commits in the same collections (other residents'). Starts a local FerretDB unless
 * MONGODB_URI is set. BENCH_SCALE_BASE unrelated documents per collection at 1× (default 10,000:
 * 100× is 1,000,000 readings). Prints each query's median per scale, then
 *   readings_7d_ms_1x=… readings_7d_ms_100x=… ratio=…
 * Targets (issue 18, printed, not asserted): ≤ 20 ms with 1,000,000 readings; 100× ÷ 1× ≤ 1.5.
 */
import type { Db } from 'mongodb';
import { Types } from 'mongoose';
import { passbookSummary } from '../server/passbook/passbookReader';
import { readingHistoryReader } from '../server/records/readingsReader';
import { createBoundResident, givePoints, newClientReadingId } from '../test/helpers/factories';
import { loadAverage, round, startBenchStack } from './benchStack';

const base = Number(process.env.BENCH_SCALE_BASE ?? 10_000);
const runs = 30;

async function main(): Promise<void> {
  console.log(`load average at start: ${loadAverage()}`);
  const stack = await startBenchStack('scale');
  const deps = stack.service.deps;
  try {
    const { resident, account } = await createBoundResident(deps);
    await givePoints(deps, resident.residentId, 500);
    for (let r = 0; r < 60; r += 1) {
      const res = await fetch(`${stack.service.url}/api/residents/${resident.residentId}/readings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          measure: r % 3 ? 'bp' : 'glucose',
          clientReadingId: newClientReadingId(),
          measuredAt: new Date(Date.now() - r * 12 * 3_600_000).toISOString(),
          ...(r % 3
            ? { readings: [{ systolicMmHg: 130, diastolicMmHg: 82 }, { systolicMmHg: 128, diastolicMmHg: 80 }], arm: 'left', timeOfDay: 'morning' }
            : { glucoseMmolL: 6.1, timing: 'fasting' }),
        }),
      });
      if (res.status !== 201) throw new Error(`seeding: ${res.status} ${await res.text()}`);
    }
    const residentDoc = (await deps.models.Resident.findById(resident.residentId).lean())!;
    const queries: Array<[string, () => Promise<unknown>]> = [
      ['readings 7 days', () => readingHistoryReader(deps, residentDoc, 'bp', 7)],
      ['readings 90 days', () => readingHistoryReader(deps, residentDoc, 'bp', 90)],
      ['passbook summary', () => passbookSummary(deps, residentDoc._id)],
      ['readings count', () => deps.models.Reading.countDocuments({ residentId: residentDoc._id, measure: 'glucose' })],
    ];
    const medians = new Map<string, number[]>();
    let unrelated = 0;
    for (const scale of [1, 10, 100]) {
      const seedStarted = Date.now();
      await addUnrelated(deps.connection.db!, unrelated, scale * base - unrelated);
      const seeded_s = round((Date.now() - seedStarted) / 1000);
      unrelated = scale * base;
      for (const [name, query] of queries) {
        const times: number[] = [];
        for (let i = 0; i < runs; i += 1) {
          const started = performance.now();
          await query();
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)]!;
        medians.set(name, [...(medians.get(name) ?? []), median]);
        console.log(`${String(scale).padStart(3)}× (${unrelated} unrelated readings and commits; seeded in ${seeded_s} s) ${name.padEnd(18)} median ${round(median, 2)} ms`);
      }
    }
    console.log(`targets: ≤ 20 ms with 1,000,000 readings (100× of 10,000), 100× ÷ 1× ≤ 1.5 (load average now ${loadAverage()})`);
    for (const [name, [one, , hundred]] of medians) console.log(`${name}: 100×/1× = ${round(hundred! / one!, 2)}`);
    const [one, , hundred] = medians.get('readings 7 days')!;
    console.log(`readings_7d_ms_1x=${round(one!, 2)} readings_7d_ms_100x=${round(hundred!, 2)} ratio=${round(hundred! / one!, 2)}`);
  } finally {
    await stack.stop();
  }
}

/** Other residents' readings and ledger commits, shaped like the real ones, in batches. */
async function addUnrelated(db: Db, from: number, count: number): Promise<void> {
  const residents = Array.from({ length: 1000 }, () => new Types.ObjectId());
  const batch = 2000;
  for (let done = from; done < from + count; done += batch) {
    const n = Math.min(batch, from + count - done);
    const at = (i: number) => new Date(Date.now() - ((done + i) % 720) * 12 * 3_600_000);
    await db.collection('readings').insertMany(
      Array.from({ length: n }, (_, i) => ({
        residentId: residents[(done + i) % residents.length],
        clientReadingId: `unrelated-${done + i}`,
        measure: i % 3 ? 'bp' : 'glucose',
        measuredAt: at(i),
        values: { systolicMmHg: 130, diastolicMmHg: 82 },
        assessment: { grade: 'normal', atTarget: true, target: null },
        urgent: false,
        source: 'home',
      })),
      { ordered: false },
    );
    await db.collection('ledger_commits').insertMany(
      Array.from({ length: n }, (_, i) => ({
        _id: `unrelated-${done + i}` as unknown as Types.ObjectId,
        residentId: residents[(done + i) % residents.length],
        seq: 1_000_000 + done + i,
        at: at(i),
        entries: [],
        state: { balancePoints: 0, heldPoints: 0, lots: [], openHolds: [], redeemedByMonth: {} },
      })),
      { ordered: false },
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
