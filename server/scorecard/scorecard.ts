import type { Types } from 'mongoose';
import type { ScorecardQuery, ScorecardView } from '../../shared/api/scorecard';
import { addScorecardCounts, emptyScorecardCounts, metricValues, scorecardMetrics, type ScorecardCounts } from '../../shared/scorecard/metrics';
import { SATISFIED_FROM_SCORE } from '../../shared/satisfaction/survey';
import type { AppDeps } from '../deps';
import { addLedgerEntry, emptyPoints, teamKey, type PointsSums } from '../reports/aggregates';
import { contractInPeriod, FACE_TO_FACE_MODES, type ResidentYearFacts } from '../../shared/reports/indicators';
import { programmeReport, resolvePeriod } from '../reports/programmeReport';

/**
 * The 履约考核 scorecard (shared/scorecard/metrics.ts) per team and institution for a period within
 * one year. It reads what the reports already keep — the programme report's team figures for
 * 规范管理 and 控制 (server/reports/programmeReport.ts) and its resident-year facts for contracts,
 * first visits and who was contracted with which team (the same `contractInPeriod` attribution) —
 * plus the quarterly 达标 events, referrals, survey answers and the ledger commits of the period.
 * Never the readings themselves.
 */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

interface TeamTally {
  institutionId: string;
  teamId: string | null;
  counts: ScorecardCounts;
}

export async function scorecardBuilder(deps: AppDeps, q: ScorecardQuery): Promise<ScorecardView> {
  const period = resolvePeriod(q);
  const { from, to } = period;
  const scope = q.institutionId ? { institutionId: q.institutionId } : {};
  const tallies = new Map<string, TeamTally>();
  const tally = (institutionId: string, teamId: string | null) => {
    const key = teamKey(q.year, institutionId, teamId);
    return (tallies.get(key) ?? tallies.set(key, { institutionId, teamId, counts: emptyScorecardCounts() }).get(key)!).counts;
  };

  // 规范管理 and 控制: the programme report's own team figures.
  const report = await programmeReport(deps, { year: q.year, from, to, institutionId: q.institutionId });
  for (const row of report.teams) {
    const c = row.counts;
    addScorecardCounts(tally(row.institutionId ?? '', row.teamId), { htnManaged: c.htnManaged, htnSpec: c.htnSpec, htnControlled: c.htnControlled, dmManaged: c.dmManaged, dmSpec: c.dmSpec, dmControlled: c.dmControlled });
  }

  // Contracts, first visits, the managed lipid and Hcy patients: the report's resident-year facts.
  const teamOfResident = new Map<string, TeamTally['counts']>();
  const managed = { dyslipidemia: new Set<string>(), hyperhomocysteinemia: new Set<string>() };
  const residentYears = deps.models.ReportResidentYear.find({ year: q.year, ...scope }, { figures: 0, lastEventId: 0 }).lean().cursor({ batchSize: 2000 });
  for await (const doc of residentYears) {
    const facts = doc as unknown as ResidentYearFacts & { residentId: Types.ObjectId; institutionId: string; teamId?: string | null };
    const contract = contractInPeriod(facts, from, to);
    if (!contract) continue;
    const residentId = String(facts.residentId);
    const counts = tally(facts.institutionId, contract.teamId ?? facts.teamId ?? null);
    teamOfResident.set(residentId, counts);
    counts.contractedResidents += 1;
    for (const c of facts.contracts) {
      if (c.status === 'terminated' || c.startsOn < from || c.startsOn > to) continue;
      const renewal = facts.contracts.some((other) => other !== c && other.startsOn < c.startsOn);
      if (renewal) counts.contractsRenewed += 1;
      else counts.contractsSigned += 1;
    }
    if (facts.followUps.some((f) => f.on >= from && f.on <= to && FACE_TO_FACE_MODES.includes(f.mode))) counts.firstVisitResidents += 1;
    for (const condition of ['dyslipidemia', 'hyperhomocysteinemia'] as const) {
      if (facts.diagnoses.some((d) => d.condition === condition && d.status === 'active' && d.diagnosedOn <= to)) managed[condition].add(residentId);
    }
  }
  for (const condition of ['dyslipidemia', 'hyperhomocysteinemia'] as const) {
    for (const residentId of managed[condition]) teamOfResident.get(residentId)![condition === 'dyslipidemia' ? 'lipidManaged' : 'hcyManaged'] += 1;
  }

  // 血脂 / Hcy 达标: at least one quarter judged at target on clinic values within the period.
  const atTarget = await deps.models.DomainEvent.find({ type: 'quarterlyAtTarget', occurredAt: { $gte: dayStart(from), $lt: nextDayStart(to) } }, { residentId: 1, payload: 1 }).lean();
  const counted = new Set<string>();
  for (const event of atTarget) {
    const residentId = String(event.residentId);
    const condition = (event.payload as { condition?: string } | undefined)?.condition;
    if ((condition !== 'dyslipidemia' && condition !== 'hyperhomocysteinemia') || !managed[condition].has(residentId) || counted.has(`${condition}:${residentId}`)) continue;
    counted.add(`${condition}:${residentId}`);
    teamOfResident.get(residentId)![condition === 'dyslipidemia' ? 'lipidAtTarget' : 'hcyAtTarget'] += 1;
  }

  // 双向转诊: up-referrals the team made, down-referrals it received.
  const [referralsUp, referralsDown, answers] = await Promise.all([
    deps.models.Referral.find({ ...scope, referredOn: { $gte: from, $lte: to }, state: { $ne: 'cancelled' } }, { institutionId: 1, teamId: 1 }).lean(),
    deps.models.Referral.find({ ...scope, returnedOn: { $gte: from, $lte: to } }, { institutionId: 1, teamId: 1 }).lean(),
    deps.models.SatisfactionResponse.find({ ...scope, serviceOn: { $gte: from, $lte: to }, answers: { $ne: null } }, { institutionId: 1, teamId: 1, answers: 1 }).lean(),
  ]);
  for (const r of referralsUp) tally(r.institutionId, r.teamId ?? null).referralsUp += 1;
  for (const r of referralsDown) tally(r.institutionId, r.teamId ?? null).referralsDown += 1;
  for (const a of answers) {
    const counts = tally(a.institutionId, a.teamId ?? null);
    const overall = a.answers?.overall ?? 0;
    counts.surveyResponses += 1;
    counts.surveyScoreSum += overall;
    if (overall >= SATISFIED_FROM_SCORE) counts.surveySatisfied += 1;
  }

  // Points of the contracted residents: earned, and redeemed net of refunds, in the period.
  const sums = new Map<string, PointsSums>();
  const commits = deps.models.LedgerCommit.find({ at: { $gte: dayStart(from), $lt: nextDayStart(to) } }, { residentId: 1, entries: 1 }).lean().cursor({ batchSize: 5000 });
  for await (const commit of commits) {
    const residentId = String(commit.residentId);
    if (!teamOfResident.has(residentId)) continue;
    const s = sums.get(residentId) ?? sums.set(residentId, emptyPoints()).get(residentId)!;
    for (const entry of commit.entries as Array<{ type: string; points: number }>) addLedgerEntry(s, entry);
  }
  for (const [residentId, s] of sums) addScorecardCounts(teamOfResident.get(residentId)!, { pointsIssued: s.earned, pointsRedeemed: s.redeemed - s.reversed });

  return presentScorecard(deps, q, period, tallies);
}

async function presentScorecard(deps: AppDeps, q: ScorecardQuery, period: { from: string; to: string }, tallies: Map<string, TeamTally>): Promise<ScorecardView> {
  const scope = q.institutionId ? { institutionId: q.institutionId } : {};
  const [teams, institutions] = await Promise.all([
    deps.models.Team.find(q.teamId ? { _id: q.teamId } : scope, { institutionId: 1, name: 1 }).lean(),
    deps.models.Institution.find(q.institutionId ? { _id: q.institutionId } : {}, { name: 1, level: 1 }).lean(),
  ]);
  const teamNames = new Map(teams.map((t) => [String(t._id), t.name]));
  const institutionNames = new Map(institutions.map((i) => [String(i._id), i.name]));
  // Every registered team shows, even with nothing yet; a team lead sees their own team only.
  for (const t of teams) if (!tallies.has(teamKey(q.year, t.institutionId, String(t._id)))) tallies.set(teamKey(q.year, t.institutionId, String(t._id)), { institutionId: t.institutionId, teamId: String(t._id), counts: emptyScorecardCounts() });
  const teamRows = [...tallies.values()].filter((t) => !q.teamId || t.teamId === q.teamId);
  const byInstitution = new Map<string, ScorecardCounts>();
  for (const t of teamRows) addScorecardCounts(byInstitution.get(t.institutionId) ?? byInstitution.set(t.institutionId, emptyScorecardCounts()).get(t.institutionId)!, t.counts);
  const rows: ScorecardView['rows'] = [
    ...(q.teamId ? [] : [...byInstitution.entries()].map(([institutionId, counts]) => ({ level: 'institution' as const, institutionId, teamId: null, name: institutionNames.get(institutionId) ?? institutionId, values: metricValues(counts) }))),
    ...teamRows.map((t) => ({ level: 'team' as const, institutionId: t.institutionId, teamId: t.teamId, name: (t.teamId && teamNames.get(t.teamId)) || (t.teamId ?? '未分团队'), values: metricValues(t.counts) })),
  ];
  rows.sort((a, b) => `${a.institutionId}:${a.teamId ?? ''}`.localeCompare(`${b.institutionId}:${b.teamId ?? ''}`));
  return {
    period: { year: q.year, from: period.from, to: period.to },
    metrics: scorecardMetrics.map((m) => ({ key: m.key, label: m.label, unit: m.unit, formula: m.formula })),
    rows,
    generatedAt: deps.clock.now().toISOString(),
  };
}
