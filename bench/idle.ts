/**
 * Idle cost after a day of use: 24 simulated hours on an accelerated clock (every recurring job's
 * slots enqueued and run, a reading logged every 10 simulated minutes), then the service with its
 * job runner and the engine left alone at normal speed; their CPU is measured over 30 s. Starts a
 * local FerretDB unless MONGODB_URI is set (then only the service is measured). Ends with
 *   idle_cpu_percent_service=… idle_cpu_percent_engine=… jobs_kept=…
 * Target (issue 18, printed, not asserted): service + engine ≤ 2 % of a core.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Clock } from '../server/clock';
import { createBoundResident, newClientReadingId } from '../test/helpers/factories';
import { loadAverage, round, startBenchStack } from './benchStack';

const simulated_ms = Number(process.env.BENCH_SIMULATED_HOURS ?? 24) * 3_600_000;
const step_ms = 60_000;
const measure_ms = 30_000;

/** Real time shifted by an offset the simulation moves forward. */
class ShiftedClock implements Clock {
  offset_ms = 0;
  now(): Date {
    return new Date(Date.now() + this.offset_ms);
  }
}

async function main(): Promise<void> {
  console.log(`load average at start: ${loadAverage()}`);
  const clock = new ShiftedClock();
  const stack = await startBenchStack('idle', { clock });
  const { service } = stack;
  try {
    const { resident, account } = await createBoundResident(service.deps);
    const started = Date.now();
    let jobsRun = 0;
    for (let at = 0; at < simulated_ms; at += step_ms) {
      clock.offset_ms = at;
      if (at % (10 * 60_000) === 0) {
        const res = await fetch(`${service.url}/api/residents/${resident.residentId}/readings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            measure: 'bp',
            clientReadingId: newClientReadingId(),
            measuredAt: clock.now().toISOString(),
            readings: [{ systolicMmHg: 132, diastolicMmHg: 84 }, { systolicMmHg: 130, diastolicMmHg: 82 }],
            arm: 'left',
            timeOfDay: 'morning',
          }),
        });
        if (res.status !== 201) throw new Error(`a reading: ${res.status} ${await res.text()}`);
      }
      await service.jobs.scheduleRecurring();
      jobsRun += await service.jobs.runDueJobs();
    }
    clock.offset_ms = simulated_ms;
    const jobsKept = await service.deps.models.Job.countDocuments({});
    console.log(`simulated ${simulated_ms / 3_600_000} h in ${round((Date.now() - started) / 1000)} s: ${jobsRun} jobs ran, ${jobsKept} kept`);

    service.jobs.start();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const engineBefore = engineCpuMs(stack.engine?.pid);
    const serviceBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, measure_ms));
    const serviceUsage = process.cpuUsage(serviceBefore);
    const engine_ms = engineCpuMs(stack.engine?.pid) - engineBefore;
    const servicePercent = ((serviceUsage.user + serviceUsage.system) / 1000 / measure_ms) * 100;
    const enginePercent = (engine_ms / measure_ms) * 100;
    console.log(`target: service + engine ≤ 2 % of a core (load average now ${loadAverage()})`);
    console.log(`idle_cpu_percent_service=${round(servicePercent, 2)} idle_cpu_percent_engine=${round(enginePercent, 2)} jobs_kept=${jobsKept}`);
  } finally {
    await stack.stop();
  }
}

/** CPU time (user + system, ms) of a process and all its descendants (the launcher and PostgreSQL's processes). */
function engineCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const fields = readFileSync(`/proc/${name}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        return [{ pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
      } catch {
        return [];
      }
    });
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (tree.has(s.pid) || !tree.has(s.ppid)) continue;
      tree.add(s.pid);
      grew = true;
    }
  }
  const ticksPerS = 100; // Linux USER_HZ
  return (stats.filter((s) => tree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / ticksPerS) * 1000;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
