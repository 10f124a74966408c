import type { Types } from 'mongoose';
import type { QueueView, ResidentAdviceView, SpecialistReviewView, TeamComanagementView } from '../../shared/api/comanagement';
import { urgentFlagReasons, type ReviewFlagReason } from '../../shared/comanagement/flags';
import { higherLevels, openReferralStates, type InstitutionLevel } from '../../shared/comanagement/referrals';
import { ageOn } from '../../shared/identity/age';
import { addCalendarDays, shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { followUpClassificationOf } from '../followups/classification';
import type { ResidentDoc } from '../models/resident';
import { residentSummaryReader } from '../panel/residentSummary';
import { needsReview } from './caseFlags';
import { institutionNames, presentCase, presentReferral, presentVisit } from './presenters';

/**
 * What each party reads of co-management: the team (on its resident page), the specialist (the
 * review queue and one resident's review), the receiving hospital (its referral inbox) and the
 * resident (the advice, in plain words). All callers have been authorized and audited by the route.
 */
type Resident = ResidentDoc & { _id: Types.ObjectId };

const RECENT = 20;
/** A review due within this many days shows in the specialist's queue. */
export const REVIEW_DUE_WINDOW_DAYS = 7;

async function visitsAndReferrals(deps: AppDeps, residentId: Types.ObjectId) {
  const [visits, referrals] = await Promise.all([
    deps.models.SpecialistVisit.find({ residentId }).sort({ visitedOn: -1, recordedAt: -1 }).limit(RECENT).lean(),
    deps.models.Referral.find({ residentId }).sort({ createdAt: -1 }).limit(RECENT).lean(),
  ]);
  const nameOf = await institutionNames(deps, [...visits.map((v) => v.specialistInstitutionId), ...referrals.map((r) => r.toInstitutionId)]);
  return { visits, referrals, nameOf };
}

export async function teamComanagementReader(deps: AppDeps, resident: Resident): Promise<TeamComanagementView> {
  const [found, { visits, referrals, nameOf }, destinations] = await Promise.all([
    deps.models.ComanagementCase.findById(resident._id).lean(),
    visitsAndReferrals(deps, resident._id),
    deps.models.Institution.find({ level: { $in: [...higherLevels] } }, { name: 1, level: 1 }).sort({ _id: 1 }).lean(),
  ]);
  return {
    case: found ? presentCase(found) : null,
    visits: visits.map((v) => presentVisit(v, nameOf)),
    referrals: referrals.map((r) => presentReferral(r, resident.name, nameOf)),
    destinations: destinations.map((d) => ({ institutionId: String(d._id), name: d.name, level: (d.level ?? 'county') as InstitutionLevel })),
  };
}

/** One resident as the specialist reviews them: the doctor's own summary (one reader, so they never disagree), the case, visits and referrals. */
export async function specialistReviewReader(deps: AppDeps, resident: Resident): Promise<SpecialistReviewView> {
  const [summary, found, { visits, referrals, nameOf }, records] = await Promise.all([
    residentSummaryReader(deps, resident),
    deps.models.ComanagementCase.findById(resident._id).lean(),
    visitsAndReferrals(deps, resident._id),
    deps.models.FollowUpRecord.find({ residentId: resident._id }, { form: 1, visitedOn: 1, mode: 1, classification: 1, classificationDerived: 1, data: 1 }).sort({ visitedOn: -1 }).limit(6).lean(),
  ]);
  const clinicName = (await institutionNames(deps, [resident.institutionId]))(resident.institutionId);
  return {
    resident: { residentId: String(resident._id), name: resident.name, sex: summary.resident.sex, ageYears: summary.resident.ageYears, institutionName: clinicName, idNumberMasked: summary.resident.idNumberMasked },
    conditions: summary.conditions,
    hTypeHypertension: summary.hTypeHypertension,
    case: found ? presentCase(found) : { flags: [], needsReview: false, nextReviewOn: null, lastVisitAt: null },
    followUps: records.map((f) => {
      const data = (f.data ?? {}) as { signs?: { systolicMmHg?: number; diastolicMmHg?: number }; medications?: Array<{ drugName?: string; timesPerDay?: number; doseMgPerTime?: number }> };
      return {
        followUpId: String(f._id),
        visitedOn: f.visitedOn,
        mode: f.mode,
        classification: followUpClassificationOf(f, resident.birthDate).classification,
        systolicMmHg: data.signs?.systolicMmHg ?? null,
        diastolicMmHg: data.signs?.diastolicMmHg ?? null,
        medications: (data.medications ?? []).map((m) => [m.drugName, m.doseMgPerTime !== undefined ? `${m.doseMgPerTime}mg` : null, m.timesPerDay !== undefined ? `每日${m.timesPerDay}次` : null].filter(Boolean).join(' ')),
      };
    }),
    lastReadings: summary.lastReadings.map((r) => ({ measure: r.measure, measuredAt: r.measuredAt, values: r.values, urgent: r.urgent })),
    labResults: summary.lastLabResults.map((l) => ({ labResultId: l.labResultId, measuredAt: l.measuredAt, values: l.values })),
    openAlerts: summary.openAlerts.length,
    visits: visits.map((v) => presentVisit(v, nameOf)),
    referrals: referrals.map((r) => presentReferral(r, resident.name, nameOf)),
  };
}

/**
 * The specialist's queue over the institutions assigned to them: residents with flags since their
 * last review (urgent reasons first, then the longest waiting), then those whose next review is due
 * within a week.
 */
export async function reviewQueueReader(deps: AppDeps, institutionIds: readonly string[]): Promise<QueueView> {
  const today = shanghaiDate(deps.clock.now());
  const dueBy = addCalendarDays(today, REVIEW_DUE_WINDOW_DAYS);
  const cases = (await deps.models.ComanagementCase.find({ institutionId: { $in: [...institutionIds] } }).lean()).filter((c) => needsReview(c) || (c.nextReviewOn !== null && c.nextReviewOn !== undefined && c.nextReviewOn <= dueBy));
  const [residents, nameOf] = await Promise.all([
    deps.models.Resident.find({ _id: { $in: cases.map((c) => c._id) } }, { name: 1, sex: 1, birthDate: 1 }).lean(),
    institutionNames(deps, institutionIds),
  ]);
  const byId = new Map(residents.map((r) => [String(r._id), r]));
  const entries = cases.flatMap((c) => {
    const r = byId.get(String(c._id));
    if (!r) return [];
    const pending = needsReview(c);
    const presented = presentCase(c);
    const fresh = c.flags.filter((f) => !c.lastVisitAt || f.raisedAt > c.lastVisitAt);
    const shown = pending ? presented.flags.slice(-fresh.length) : presented.flags.slice(-3);
    return [
      {
        residentId: String(c._id),
        name: r.name,
        sex: r.sex as 'male' | 'female',
        ageYears: ageOn(r.birthDate, today),
        institutionId: c.institutionId,
        institutionName: nameOf(c.institutionId),
        teamId: c.teamId ?? null,
        flags: shown,
        needsReview: pending,
        urgent: pending && fresh.some((f) => urgentFlagReasons.includes(f.reason as ReviewFlagReason)),
        nextReviewOn: c.nextReviewOn ?? null,
        latestFlagAt: c.latestFlagAt.toISOString(),
      },
    ];
  });
  entries.sort(
    (a, b) =>
      Number(b.urgent) - Number(a.urgent) ||
      Number(b.needsReview) - Number(a.needsReview) ||
      (a.needsReview ? a.latestFlagAt.localeCompare(b.latestFlagAt) : (a.nextReviewOn ?? '').localeCompare(b.nextReviewOn ?? '')) ||
      a.residentId.localeCompare(b.residentId),
  );
  return { today, total: entries.length, residents: entries };
}

/** Referrals sent to a hospital: those waiting for an answer or for the down-referral first, newest first. */
export async function referralInboxReader(deps: AppDeps, hospitalId: string) {
  const referrals = await deps.models.Referral.find({ toInstitutionId: hospitalId }).sort({ createdAt: -1 }).limit(100).lean();
  const [residents, nameOf] = await Promise.all([
    deps.models.Resident.find({ _id: { $in: referrals.map((r) => r.residentId) } }, { name: 1 }).lean(),
    institutionNames(deps, [hospitalId]),
  ]);
  const names = new Map(residents.map((r) => [String(r._id), r.name]));
  const open = (state: string) => Number(openReferralStates.includes(state as (typeof openReferralStates)[number]));
  const ordered = [...referrals].sort((a, b) => open(b.state) - open(a.state));
  return { referrals: ordered.map((r) => presentReferral(r, names.get(String(r.residentId)) ?? '居民', nameOf)) };
}

/** The resident's own view: each specialist's advice and plan changes, and where their referrals stand. */
export async function residentAdviceReader(deps: AppDeps, resident: Resident): Promise<ResidentAdviceView> {
  const { visits, referrals, nameOf } = await visitsAndReferrals(deps, resident._id);
  return {
    visits: visits.map((v) => {
      const p = presentVisit(v, nameOf);
      return { visitId: p.visitId, visitedOn: p.visitedOn, specialistName: p.specialistName, department: p.department, hospitalName: p.hospitalName, settingLabel: p.settingLabel, advice: p.adviceToResident, planChanges: p.planChanges.map((c) => ({ kindLabel: c.kindLabel, text: c.text })), nextReviewOn: p.nextReviewOn };
    }),
    referrals: referrals
      .filter((r) => r.state !== 'cancelled')
      .map((r) => {
        const p = presentReferral(r, resident.name, nameOf);
        return { referralId: p.referralId, toInstitutionName: p.toInstitutionName, toDepartment: p.toDepartment, stateLabel: p.stateLabel, greenChannel: p.greenChannel, referredOn: p.referredOn, returnedOn: p.returnedOn, advice: p.plan?.adviceToResident ?? null, followUpWithinDays: p.plan?.followUpWithinDays ?? null };
      }),
  };
}
