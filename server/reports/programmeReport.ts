import { pointsToFen } from '../../shared/points';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { unprocessable } from '../http/errors';
import { policyAt } from '../ledger/policyVersions';
import { addFigures, contractInPeriod, emptyFigures, figuresFor, indicatorFormulas, requiredFaceToFaceFollowUps, type Figures, type ResidentYearFacts } from '../../shared/reports/indicators';
import { adherenceReport } from '../medication/adherenceReport';
import { emptyPoints, monthRange, sumLedger, teamKey, type PointsSums } from './aggregates';

/**
 * The programme report: per team, institution and the whole programme, for a year or a date range
 * within one year (a quarter, a month), each rate with its formula in words (shared/reports/indicators.ts). A whole year reads the team rollups only (one small document per team, however
 * many residents); a range re-applies the formulas to the resident-year documents of that year
 * (small documents, never readings). Points come from the monthly sums, with the partial months at
 * the edges of a range summed from the ledger; settlements from the pharmacies' statements.
 */
export interface ReportQuery { year: number; from?: string | undefined; to?: string | undefined; institutionId?: string | undefined }

export type Rates = {
  signingRate: number | null;
  htnSpecRate: number | null;
  htnControlRate: number | null;
  dmSpecRate: number | null;
  dmControlRate: number | null;
  bpScreeningRate: number | null;
  glucoseScreeningRate: number | null;
  lipidsScreeningRate: number | null;
  hcyScreeningRate: number | null;
};

const ratio = (num: number, den: number | null): number | null => (den && den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

export function ratesOf(c: Figures, targetPopulation: number | null): Rates {
  return {
    signingRate: ratio(c.contracted, targetPopulation),
    htnSpecRate: ratio(c.htnSpec, c.htnManaged),
    htnControlRate: ratio(c.htnControlled, c.htnManaged),
    dmSpecRate: ratio(c.dmSpec, c.dmManaged),
    dmControlRate: ratio(c.dmControlled, c.dmManaged),
    bpScreeningRate: ratio(c.bpScreened, c.bpEligible),
    glucoseScreeningRate: ratio(c.glucoseScreened, c.glucoseEligible),
    lipidsScreeningRate: ratio(c.lipidsScreened, c.lipidsEligible),
    hcyScreeningRate: ratio(c.hcyTested, c.hcyEligible),
  };
}

export interface ReportRow {
  level: 'programme' | 'institution' | 'team';
  institutionId: string | null;
  teamId: string | null;
  name: string | null;
  targetPopulation: number | null;
  counts: Figures;
  rates: Rates;
}

export function resolvePeriod(q: ReportQuery): { from: string; to: string; wholeYear: boolean } {
  const from = q.from ?? `${q.year}-01-01`;
  const to = q.to ?? `${q.year}-12-31`;
  if (!from.startsWith(`${q.year}-`) || !to.startsWith(`${q.year}-`) || from > to) throw unprocessable('report_period_invalid');
  return { from, to, wholeYear: from === `${q.year}-01-01` && to === `${q.year}-12-31` };
}

async function teamCounters(deps: AppDeps, q: ReportQuery, period: { from: string; to: string; wholeYear: boolean }) {
  const byTeam = new Map<string, { institutionId: string; teamId: string | null; counts: Figures }>();
  const scope: Record<string, unknown> = { year: q.year, ...(q.institutionId ? { institutionId: q.institutionId } : {}) };
  if (period.wholeYear) {
    for (const r of await deps.models.ReportRollup.find(scope).lean()) {
      byTeam.set(r._id, { institutionId: r.institutionId, teamId: r.teamId ?? null, counts: addFigures(emptyFigures(), r.counters as Partial<Figures>) });
    }
    return byTeam;
  }
  const cursor = deps.models.ReportResidentYear.find(scope, { figures: 0, lastEventId: 0 }).lean().cursor({ batchSize: 2000 });
  for await (const doc of cursor) {
    const facts = doc as unknown as ResidentYearFacts;
    const teamId = contractInPeriod(facts, period.from, period.to)?.teamId ?? doc.teamId ?? null;
    const key = teamKey(q.year, doc.institutionId, teamId);
    const entry = byTeam.get(key) ?? { institutionId: doc.institutionId, teamId, counts: emptyFigures() };
    addFigures(entry.counts, figuresFor(facts, period));
    byTeam.set(key, entry);
  }
  return byTeam;
}

const dayStart = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) - 8 * 3600_000);

async function pointsFor(deps: AppDeps, from: string, to: string) {
  const firstMonth = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  const fromStart = dayStart(from);
  const end = new Date(dayStart(to).getTime() + 86_400_000);
  const inPeriod = emptyPoints();
  const add = (s: Partial<PointsSums>) => {
    for (const k of Object.keys(inPeriod) as (keyof PointsSums)[]) inPeriod[k] += Number(s[k] ?? 0);
  };
  const firstPartial = fromStart > monthRange(firstMonth).start;
  const lastPartial = end < monthRange(lastMonth).end;
  let outstandingBefore = 0;
  for (const m of await deps.models.ReportPointsMonth.find({ month: { $lte: lastMonth } }).lean()) {
    if (m.month < firstMonth) outstandingBefore += m.net;
    else if (!(m.month === firstMonth && firstPartial) && !(m.month === lastMonth && lastPartial)) add(m);
  }
  // Partial months at the edges of a range: summed from the ledger for just those days.
  const edges = new Set<string>([...(firstPartial ? [firstMonth] : []), ...(lastPartial ? [lastMonth] : [])]);
  for (const month of edges) {
    const r = monthRange(month);
    add(await sumLedger(deps, new Date(Math.max(r.start.getTime(), fromStart.getTime())), new Date(Math.min(r.end.getTime(), end.getTime()))));
  }
  if (firstPartial) outstandingBefore += (await sumLedger(deps, monthRange(firstMonth).start, fromStart)).net;
  const policy = await policyAt(deps, new Date(end.getTime() - 1));
  const fen = (points: number) => Math.sign(points) * pointsToFen(policy, Math.abs(points));
  const issued = inPeriod.earned + Math.max(0, inPeriod.adjusted);
  const redeemed = inPeriod.redeemed - inPeriod.reversed;
  const outstanding = outstandingBefore + inPeriod.net;
  return {
    issuedPoints: issued,
    redeemedPoints: redeemed,
    expiredPoints: inPeriod.expired,
    outstandingPoints: outstanding,
    issuedFen: fen(issued),
    redeemedFen: fen(redeemed),
    expiredFen: fen(inPeriod.expired),
    outstandingLiabilityFen: fen(outstanding),
    fenPerPoint: policy.valueFenPerPoint,
  };
}

async function settlementsFor(deps: AppDeps, from: string, to: string) {
  const statements = await deps.models.SettlementStatement.find({ periodKey: { $gte: from.slice(0, 7), $lte: to.slice(0, 7) } }, { lines: 0 }).lean();
  const pharmacies = await deps.models.Pharmacy.find({ _id: { $in: [...new Set(statements.map((s) => s.pharmacyId))] } }, { name: 1 }).lean();
  const names = new Map(pharmacies.map((p) => [String(p._id), p.name as string]));
  const byPharmacy = new Map<string, { pharmacyId: string; name: string | null; statements: number; capturedFen: number; reversedFen: number; adjustmentFen: number; totalFen: number; paidFen: number }>();
  for (const s of statements) {
    const row = byPharmacy.get(s.pharmacyId) ?? { pharmacyId: s.pharmacyId, name: names.get(s.pharmacyId) ?? null, statements: 0, capturedFen: 0, reversedFen: 0, adjustmentFen: 0, totalFen: 0, paidFen: 0 };
    row.statements += 1;
    row.capturedFen += s.capturedFen;
    row.reversedFen += s.reversedFen;
    row.adjustmentFen += s.adjustmentFen;
    row.totalFen += s.statementTotalFen;
    if (s.state === 'paid') row.paidFen += s.statementTotalFen;
    byPharmacy.set(s.pharmacyId, row);
  }
  return [...byPharmacy.values()].sort((a, b) => a.pharmacyId.localeCompare(b.pharmacyId));
}

export async function programmeReport(deps: AppDeps, q: ReportQuery) {
  const period = resolvePeriod(q);
  const [byTeam, institutions, teams, cursors] = await Promise.all([
    teamCounters(deps, q, period),
    deps.models.Institution.find(q.institutionId ? { _id: q.institutionId } : {}, { name: 1, targetPopulation: 1 }).lean(),
    deps.models.Team.find(q.institutionId ? { institutionId: q.institutionId } : {}, { institutionId: 1, name: 1, targetPopulation: 1 }).lean(),
    deps.models.ReportCursor.find({}).lean(),
  ]);
  const instInfo = new Map(institutions.map((i) => [String(i._id), i]));
  const teamInfo = new Map(teams.map((t) => [String(t._id), t]));
  const teamRows: ReportRow[] = [];
  const instCounts = new Map<string, Figures>();
  const programme = emptyFigures();
  for (const t of teams) if (!byTeam.has(teamKey(q.year, t.institutionId, String(t._id)))) byTeam.set(teamKey(q.year, t.institutionId, String(t._id)), { institutionId: t.institutionId, teamId: String(t._id), counts: emptyFigures() });
  for (const i of institutions) if (!instCounts.has(String(i._id))) instCounts.set(String(i._id), emptyFigures());
  for (const { institutionId, teamId, counts } of byTeam.values()) {
    const info = teamId ? teamInfo.get(teamId) : undefined;
    const target = info?.targetPopulation ?? null;
    teamRows.push({ level: 'team', institutionId, teamId, name: info?.name ?? null, targetPopulation: target, counts, rates: ratesOf(counts, target) });
    addFigures(instCounts.get(institutionId) ?? instCounts.set(institutionId, emptyFigures()).get(institutionId)!, counts);
    addFigures(programme, counts);
  }
  const institutionRows: ReportRow[] = [...instCounts.entries()].map(([institutionId, counts]) => {
    const target = instInfo.get(institutionId)?.targetPopulation ?? null;
    return { level: 'institution', institutionId, teamId: null, name: instInfo.get(institutionId)?.name ?? null, targetPopulation: target, counts, rates: ratesOf(counts, target) };
  });
  const targets = institutionRows.map((r) => r.targetPopulation).filter((t): t is number => typeof t === 'number');
  const programmeTarget = targets.length > 0 ? targets.reduce((a, b) => a + b, 0) : null;
  const sortRows = (rows: ReportRow[]) => rows.sort((a, b) => `${a.institutionId}:${a.teamId ?? ''}`.localeCompare(`${b.institutionId}:${b.teamId ?? ''}`));
  const requiredFaceToFace = requiredFaceToFaceFollowUps(period);
  return {
    period: {
      year: q.year,
      from: period.from,
      to: period.to,
      source: period.wholeYear ? ('rollups' as const) : ('residentYears' as const),
      requiredFaceToFaceFollowUps: requiredFaceToFace,
    },
    formulas: indicatorFormulas(requiredFaceToFace),
    asOf: Object.fromEntries(cursors.map((c) => [c._id, c.at.toISOString()])) as Record<string, string>,
    programme: { level: 'programme' as const, institutionId: null, teamId: null, name: null, targetPopulation: programmeTarget, counts: programme, rates: ratesOf(programme, programmeTarget) },
    institutions: sortRows(institutionRows),
    teams: sortRows(teamRows),
    points: await pointsFor(deps, period.from, period.to),
    settlements: await settlementsFor(deps, period.from, period.to),
    medicationAdherence: await adherenceReport(deps, { institutionId: q.institutionId }),
    generatedAt: deps.clock.now().toISOString(),
    today: shanghaiDate(deps.clock.now()),
  };
}

export type ProgrammeReport = Awaited<ReturnType<typeof programmeReport>>;
