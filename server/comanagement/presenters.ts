import { reviewFlagLabels, planChangeKindLabels, referralStateLabels, referralUrgencyLabels, visitSettingLabels } from '../../shared/comanagement/labels';
import type { CaseView, ReferralView, SpecialistVisitView } from '../../shared/api/comanagement';
import type { AppDeps } from '../deps';
import type { ComanagementCaseDoc } from '../models/comanagementCase';
import type { ReferralDoc } from '../models/referral';
import type { SpecialistVisitDoc } from '../models/specialistVisit';
import { residentNameOf } from '../identity/residentReader';
import { needsReview } from './caseFlags';

/** Co-management documents as the API shows them (shared/api/comanagement.ts). */
type Stored<T> = T & { _id: unknown };

/** Institution id → name, for the hospitals and clinics a page mentions (the id when unregistered). */
export async function institutionNames(deps: Pick<AppDeps, 'models'>, ids: Iterable<string>): Promise<(id: string) => string> {
  const unique = [...new Set(ids)];
  const docs = unique.length > 0 ? await deps.models.Institution.find({ _id: { $in: unique } }, { name: 1 }).lean() : [];
  const names = new Map(docs.map((d) => [String(d._id), d.name]));
  return (id) => names.get(id) ?? id;
}

export function presentCase(c: Stored<ComanagementCaseDoc>): CaseView {
  return {
    flags: c.flags.map((f) => ({ reason: f.reason as CaseView['flags'][number]['reason'], label: reviewFlagLabels[f.reason as CaseView['flags'][number]['reason']], on: f.on, note: f.note ?? null })),
    needsReview: needsReview(c),
    nextReviewOn: c.nextReviewOn ?? null,
    lastVisitAt: c.lastVisitAt ? c.lastVisitAt.toISOString() : null,
  };
}

export function presentVisit(v: Stored<SpecialistVisitDoc>, nameOf: (id: string) => string): SpecialistVisitView {
  return {
    visitId: String(v._id),
    residentId: String(v.residentId),
    specialistName: v.specialistName,
    department: v.department ?? null,
    hospitalName: nameOf(v.specialistInstitutionId),
    setting: v.setting as SpecialistVisitView['setting'],
    settingLabel: visitSettingLabels[v.setting as SpecialistVisitView['setting']],
    visitedOn: v.visitedOn,
    findings: v.findings,
    diagnosisReview: v.diagnosisReview ?? null,
    planChanges: v.planChanges.map((p) => ({ kind: p.kind as SpecialistVisitView['planChanges'][number]['kind'], kindLabel: planChangeKindLabels[p.kind as SpecialistVisitView['planChanges'][number]['kind']], text: p.text })),
    adviceToTeam: v.adviceToTeam ?? null,
    adviceToResident: v.adviceToResident,
    nextReviewOn: v.nextReviewOn ?? null,
    recordedAt: v.recordedAt.toISOString(),
  };
}

export function presentReferral(r: Stored<ReferralDoc>, residentName: string, nameOf: (id: string) => string): ReferralView {
  const state = r.state as ReferralView['state'];
  const urgency = r.urgency as ReferralView['urgency'];
  return {
    referralId: String(r._id),
    residentId: String(r.residentId),
    residentName,
    institutionId: r.institutionId,
    teamId: r.teamId ?? null,
    toInstitutionId: r.toInstitutionId,
    toInstitutionName: nameOf(r.toInstitutionId),
    toDepartment: r.toDepartment ?? null,
    reason: r.reason,
    urgency,
    urgencyLabel: referralUrgencyLabels[urgency],
    greenChannel: r.greenChannel,
    state,
    stateLabel: referralStateLabels[state],
    referredOn: r.referredOn,
    answerNote: r.answerNote ?? null,
    returnedOn: r.returnedOn ?? null,
    outcome: r.outcome ?? null,
    plan: r.plan ? { text: r.plan.text, followUpWithinDays: r.plan.followUpWithinDays, adviceToResident: r.plan.adviceToResident ?? null } : null,
  };
}

/** One referral as the API shows it, with its resident's and receiving hospital's names read. */
export async function referralReader(deps: Pick<AppDeps, 'models'>, referral: Stored<ReferralDoc>): Promise<ReferralView> {
  const [residentName, nameOf] = await Promise.all([residentNameOf(deps, referral.residentId), institutionNames(deps, [referral.toInstitutionId])]);
  return presentReferral(referral, residentName ?? '居民', nameOf);
}
