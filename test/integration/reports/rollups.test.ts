import { Types } from 'mongoose';
import { ManualClock } from '../../../server/clock';
import { buildResidentYearDoc, reportRollupBuilder, ROLLUP_SMALL_PENDING, teamKey } from '../../../server/reports/aggregates';
import type { ResidentYearFacts } from '../../../shared/reports/indicators';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The team rollups fold every pending resident-year exactly once, in both of the builder's modes:
 * a few changes (team by team) and a back-fill larger than one batch of pending documents (one scan
 * per year). Expected member counts are counted here from the inserted documents.
 */
describe('report rollups', () => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-05-01T02:00:00Z'));
  const deps = () => stack.service.deps;
  const facts = (teamId: string): ResidentYearFacts => ({
    birthDate: '1960-01-01',
    contracts: [{ teamId, startsOn: '2026-01-01', endsOn: '2026-12-31', status: 'active' }],
    diagnoses: [{ condition: 'hypertension', diagnosedOn: '2020-01-01', status: 'active' }],
    followUps: [],
    screenings: [],
    hcyTests: [],
  });
  const residentYears = (institutionId: string, teams: string[], perTeam: number) =>
    teams.flatMap((teamId) =>
      Array.from({ length: perTeam }, () => buildResidentYearDoc({ residentId: new Types.ObjectId(), year: 2026, institutionId, residentTeamId: teamId, facts: facts(teamId), lastEventId: null, now: clock.now() })),
    );
  const contractedOf = async (institutionId: string, teamId: string) => ((await deps().models.ReportRollup.findById(teamKey(2026, institutionId, teamId)).lean())?.counters as { contracted?: number } | undefined)?.contracted ?? null;

  beforeAll(async () => {
    stack = await startTestStack({ clock });
  });
  afterAll(() => stack.stop());

  test('a back-fill of more pending resident-years than one batch: every team summed, every mark cleared', async () => {
    const teams = Array.from({ length: 30 }, (_, i) => `team-b${i}`);
    // 30 teams × 20 = 600 documents, more than one batch of pending documents.
    const docs = residentYears('inst-b', teams, 20);
    expect(docs.length).toBeGreaterThan(ROLLUP_SMALL_PENDING);
    await deps().models.ReportResidentYear.collection.insertMany(docs as never[]);
    clock.advanceMs(1_000);
    const result = await reportRollupBuilder(deps());
    expect(result).toEqual({ teams: 30, residentYears: 600 });
    for (const teamId of teams) expect(await contractedOf('inst-b', teamId)).toBe(20);
    expect(await deps().models.ReportResidentYear.countDocuments({ rollupPending: true })).toBe(0);
    expect(await reportRollupBuilder(deps())).toEqual({ teams: 0, residentYears: 0 });
  });

  test('a few changes: only their teams are re-summed; a resident moving teams leaves the old team’s rollup right (or gone)', async () => {
    const [mover, stayer] = residentYears('inst-s', ['team-s1'], 2);
    await deps().models.ReportResidentYear.collection.insertMany([mover, stayer] as never[]);
    clock.advanceMs(1_000);
    expect(await reportRollupBuilder(deps())).toEqual({ teams: 1, residentYears: 2 });
    expect(await contractedOf('inst-s', 'team-s1')).toBe(2);

    // The mover's year is recomputed into team-s2 (as residentYearRecomputer records it).
    clock.advanceMs(1_000);
    await deps().models.ReportResidentYear.updateOne(
      { _id: mover!._id },
      { $set: { teamId: 'team-s2', contracts: facts('team-s2').contracts, computedAt: clock.now(), rollupPending: true }, $addToSet: { staleTeamKeys: teamKey(2026, 'inst-s', 'team-s1') } },
    );
    clock.advanceMs(1_000);
    expect(await reportRollupBuilder(deps())).toEqual({ teams: 2, residentYears: 1 });
    expect(await contractedOf('inst-s', 'team-s1')).toBe(1);
    expect(await contractedOf('inst-s', 'team-s2')).toBe(1);

    // The stayer moves too: team-s1 has nobody left, so its rollup goes.
    clock.advanceMs(1_000);
    await deps().models.ReportResidentYear.updateOne(
      { _id: stayer!._id },
      { $set: { teamId: 'team-s2', computedAt: clock.now(), rollupPending: true }, $addToSet: { staleTeamKeys: teamKey(2026, 'inst-s', 'team-s1') } },
    );
    clock.advanceMs(1_000);
    await reportRollupBuilder(deps());
    expect(await contractedOf('inst-s', 'team-s1')).toBeNull();
    expect(await contractedOf('inst-s', 'team-s2')).toBe(2);
  });

  test('a resident-year recomputed after a pass began keeps its mark for the next pass', async () => {
    const [doc] = residentYears('inst-l', ['team-l1'], 1);
    // Computed "later" than the pass that is about to run: the pass must not clear it.
    await deps().models.ReportResidentYear.collection.insertOne({ ...doc!, computedAt: new Date(clock.now().getTime() + 60_000) } as never);
    await reportRollupBuilder(deps());
    expect((await deps().models.ReportResidentYear.findById(doc!._id).lean())?.rollupPending).toBe(true);
    clock.advanceMs(120_000);
    await reportRollupBuilder(deps());
    expect((await deps().models.ReportResidentYear.findById(doc!._id).lean())?.rollupPending).toBe(false);
    expect(await contractedOf('inst-l', 'team-l1')).toBe(1);
  });
});
