import { shanghaiDate, addCalendarMonths } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { isBpControlledBySpec, isFastingGlucoseControlledBySpec } from '../../shared/clinical';
import type { PanelRiskView } from '../../shared/api/risk';
import type { FollowUpFact } from '../../shared/reports/indicators';
import { panelRiskOf } from '../records/cardiovascularRisk';
import { riskFactsOf } from '../records/riskProfile';
import { ageOn } from '../../shared/identity/age';

/**
 * The doctor's panel: the team's contracted residents (active contract with this team covering
 * today) with what needs doing, sorted by urgency — open alerts first (oldest first), then overdue
 * follow-ups (most overdue first), then not at target, then by name.
 *
 * - conditions: the resident's active diagnoses.
 * - 达标 (`control`): from the most recent follow-up with a BP (hypertension) / FPG (diabetes) over
 *   this and last year's resident-year aggregates, using the spec's thresholds (<140/90, <150/90 at
 *   ≥ 65; FPG < 7.0), a latest record of 失访 counting as not at target, as in the KPI:
 *   `atTarget`, `notAtTarget`, or `unknown` without such a follow-up.
 * - risk: the China-PAR 10-year category, the lifetime flag and the LDL-C risk level
 *   (server/records/cardiovascularRisk.ts), filterable by category (`unknown` when not computable).
 * - adherence: the last 30 days' proportion of days covered from the resident's adherence snapshot
 *   (`poor` below 80 %, `unknown` without a plan with a daily schedule), filter 依从性差.
 * - overdue: a resident with hypertension or diabetes whose last face-to-face follow-up (or, without
 *   one, the contract start) is more than 3 months ago — the spec's quarterly rhythm.
 */
export interface PanelFilters {
  condition?: 'hypertension' | 'hyperglycemia' | 'dyslipidemia' | 'hyperhomocysteinemia' | undefined;
  control?: 'atTarget' | 'notAtTarget' | 'unknown' | undefined;
  overdue?: boolean | undefined;
  openAlerts?: boolean | undefined;
  /** China-PAR 10-year category; `unknown` = not computable (inputs missing, ASCVD, age). */
  risk?: 'high' | 'medium' | 'low' | 'unknown' | undefined;
  /** 依从性差: medication adherence over the last 30 days below 80 % (server/medication/adherence.ts). */
  adherence?: 'good' | 'poor' | 'unknown' | undefined;
  page: number;
  pageSize: number;
}

export interface PanelEntry {
  residentId: string;
  name: string;
  sex: 'male' | 'female';
  ageYears: number;
  conditions: string[];
  control: 'atTarget' | 'notAtTarget' | 'unknown';
  lastFollowUpOn: string | null;
  followUpDueBy: string | null;
  overdue: boolean;
  openAlerts: number;
  oldestOpenAlertAt: string | null;
  unresolvedAlerts: number;
  risk: PanelRiskView;
  /** Last 30 days' medication adherence from the resident's snapshot; unknown without a plan. */
  adherence: { percent: number | null; level: 'good' | 'poor' | 'unknown' };
}

/** What the row and the cardiovascular risk (server/records/riskProfile.ts) read of the archive. */
const residentFields = { name: 1, sex: 1, birthDate: 1, institutionId: 1, heightCm: 1, clinicalTargets: 1, riskFactors: 1 } as const;

export async function teamPanel(deps: AppDeps, institutionId: string, teamId: string, filters: PanelFilters) {
  const today = shanghaiDate(deps.clock.now());
  const year = Number(today.slice(0, 4));
  const contracts = await deps.models.Contract.find({ institutionId, teamId, status: 'active', startsOn: { $lte: today }, endsOn: { $gte: today } }, { residentId: 1, startsOn: 1 }).lean();
  const contractStart = new Map<string, string>();
  for (const c of contracts) {
    const key = String(c.residentId);
    if (!contractStart.has(key) || contractStart.get(key)! > c.startsOn) contractStart.set(key, c.startsOn);
  }
  const ids = [...new Set(contracts.map((c) => c.residentId))];
  const onPanel = new Set(ids.map(String));
  // Scoped by equalities on the institution and team (each an index lookup on MongoDB and on
  // FerretDB, which does not push `$in` down), then narrowed to the panel in code.
  const [teamResidents, institutionDiagnoses, summaries, alerts, teamAdherence] = await Promise.all([
    deps.models.Resident.find({ institutionId, teamId }, residentFields).lean(),
    deps.models.Diagnosis.find({ institutionId, status: 'active' }, { residentId: 1, condition: 1 }).lean(),
    Promise.all([year - 1, year].map((y) => deps.models.ReportResidentYear.find({ year: y, institutionId }, { residentId: 1, followUps: 1 }).lean())).then((years) => years.flat()),
    deps.models.Alert.find({ institutionId, teamId, state: { $in: ['open', 'acknowledged'] } }, { residentId: 1, state: 1, raisedAt: 1 }).lean(),
    deps.models.AdherenceSnapshot.find({ institutionId, teamId }, { last30: 1 }).lean(),
  ]);
  // An active contract moves the archive to its team; one still moving is read by its id.
  const residents = teamResidents.filter((r) => onPanel.has(String(r._id)));
  const found = new Set(residents.map((r) => String(r._id)));
  for (const id of ids.filter((i) => !found.has(String(i)))) {
    const resident = await deps.models.Resident.findById(id, residentFields).lean();
    if (resident) residents.push(resident);
  }
  const diagnoses = institutionDiagnoses.filter((d) => onPanel.has(String(d.residentId)));
  const riskFacts = await riskFactsOf(deps, residents, { scope: 'institution' });
  const adherenceOf = new Map(
    teamAdherence.filter((a) => onPanel.has(String(a._id))).map((a) => [String(a._id), { percent: a.last30.percent ?? null, level: a.last30.level as PanelEntry['adherence']['level'] }]),
  );
  const conditions = new Map<string, Set<string>>();
  for (const d of diagnoses) (conditions.get(String(d.residentId)) ?? conditions.set(String(d.residentId), new Set()).get(String(d.residentId))!).add(d.condition);
  const followUps = new Map<string, FollowUpFact[]>();
  for (const s of summaries) (followUps.get(String(s.residentId)) ?? followUps.set(String(s.residentId), []).get(String(s.residentId))!).push(...(s.followUps as unknown as FollowUpFact[]));
  const alertsOf = new Map<string, { open: number; unresolved: number; oldestOpen: Date | null }>();
  for (const a of alerts) {
    const e = alertsOf.get(String(a.residentId)) ?? { open: 0, unresolved: 0, oldestOpen: null };
    e.unresolved += 1;
    if (a.state === 'open') {
      e.open += 1;
      if (!e.oldestOpen || a.raisedAt < e.oldestOpen) e.oldestOpen = a.raisedAt;
    }
    alertsOf.set(String(a.residentId), e);
  }

  const entries: PanelEntry[] = residents.map((r) => {
    const id = String(r._id);
    const conds = [...(conditions.get(id) ?? [])].filter((c) => c !== 'ckd').sort();
    const fus = (followUps.get(id) ?? []).sort((a, b) => (a.on < b.on ? -1 : 1));
    const lastFaceToFace = [...fus].reverse().find((f) => f.mode !== 'phone' && !f.lost)?.on ?? null;
    const chronic = conds.includes('hypertension') || conds.includes('hyperglycemia');
    const dueBy = chronic ? addCalendarMonths(lastFaceToFace ?? contractStart.get(id) ?? today, 3) : null;
    let control: PanelEntry['control'] = 'unknown';
    const verdicts: boolean[] = [];
    if (conds.includes('hypertension')) {
      const last = [...fus].reverse().find((f) => f.lost || (f.sbp !== null && f.dbp !== null));
      if (last) verdicts.push(!last.lost && isBpControlledBySpec({ systolicMmHg: last.sbp!, diastolicMmHg: last.dbp! }, last.on >= r.birthDate ? ageOn(r.birthDate, last.on) : 0));
    }
    if (conds.includes('hyperglycemia')) {
      const last = [...fus].reverse().find((f) => f.lost || f.fpg !== null);
      if (last) verdicts.push(!last.lost && isFastingGlucoseControlledBySpec(last.fpg!));
    }
    if (verdicts.length > 0) control = verdicts.every(Boolean) ? 'atTarget' : 'notAtTarget';
    const a = alertsOf.get(id);
    return {
      residentId: id,
      name: r.name,
      sex: r.sex,
      ageYears: ageOn(r.birthDate, today),
      conditions: conds,
      control,
      lastFollowUpOn: lastFaceToFace,
      followUpDueBy: dueBy,
      overdue: dueBy !== null && today > dueBy,
      openAlerts: a?.open ?? 0,
      oldestOpenAlertAt: a?.oldestOpen ? a.oldestOpen.toISOString() : null,
      unresolvedAlerts: a?.unresolved ?? 0,
      risk: panelRiskOf(riskFacts.get(id)!),
      adherence: adherenceOf.get(id) ?? { percent: null, level: 'unknown' },
    };
  });
  const filtered = entries.filter(
    (e) =>
      (!filters.condition || e.conditions.includes(filters.condition)) &&
      (!filters.control || e.control === filters.control) &&
      (filters.overdue === undefined || e.overdue === filters.overdue) &&
      (filters.openAlerts === undefined || e.unresolvedAlerts > 0 === filters.openAlerts) &&
      (!filters.risk || (e.risk.category ?? 'unknown') === filters.risk) &&
      (!filters.adherence || e.adherence.level === filters.adherence),
  );
  filtered.sort(
    (x, y) =>
      Number(y.openAlerts > 0) - Number(x.openAlerts > 0) ||
      (x.oldestOpenAlertAt ?? '').localeCompare(y.oldestOpenAlertAt ?? '') ||
      Number(y.overdue) - Number(x.overdue) ||
      (x.followUpDueBy ?? '9999').localeCompare(y.followUpDueBy ?? '9999') ||
      Number(y.control === 'notAtTarget') - Number(x.control === 'notAtTarget') ||
      x.name.localeCompare(y.name, 'zh') ||
      x.residentId.localeCompare(y.residentId),
  );
  const start = (filters.page - 1) * filters.pageSize;
  return { total: filtered.length, page: filters.page, pageSize: filters.pageSize, residents: filtered.slice(start, start + filters.pageSize), today };
}
