import type { Types } from 'mongoose';
import type { SpecialistVisitBody } from '../../shared/api/comanagement';
import { shanghaiDate } from '../../shared/time/shanghai';
import { createOnce } from '../db/createOnce';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { conflict, unprocessable } from '../http/errors';
import { contentHashOf } from '../integration/recordImporter';
import type { SpecialistVisitDoc } from '../models/specialistVisit';
import { residentScopeFields } from './caseFlags';
import { notifyResident, notifyStaff, teamAccountIds } from './notices';

/**
 * The specialist's 接诊服务记录单 for a co-managed resident (authorized before: a specialist assigned to
 * the resident's institution, the resident in co-management). Three single-document steps, each safe
 * to repeat, so a retry with the same request id finishes whatever a crash left:
 *  1. the record, insert-if-absent by `requestKey` (the same id with other content: 409);
 *  2. the case: this visit becomes its latest (a conditional update that never moves it back to an
 *     older one), which answers the flags raised so far and sets the next review date;
 *  3. notices — the team (on its resident page and task list) and the resident (the advice in
 *     plain words).
 */
type ResidentRef = { _id: Types.ObjectId; institutionId: string; teamId?: string | null; name: string };
export type StoredVisit = SpecialistVisitDoc & { _id: Types.ObjectId };

export async function specialistVisitRecorder(deps: AppDeps, input: { resident: ResidentRef; actor: AccountActor; body: SpecialistVisitBody }): Promise<{ visit: StoredVisit; created: boolean }> {
  const { resident, actor, body } = input;
  const today = shanghaiDate(deps.clock.now());
  if (body.visitedOn > today || (body.nextReviewOn !== undefined && body.nextReviewOn <= body.visitedOn)) {
    throw unprocessable('specialist_visit_date_invalid', { visitedOn: body.visitedOn, nextReviewOn: body.nextReviewOn ?? null, today });
  }
  const requestKey = `specialist:${actor.accountId}:${body.clientRequestId}`;
  const contentHash = contentHashOf(deps, 'specialistVisit', { residentId: String(resident._id), ...body });
  const now = deps.clock.now();
  const { stored: visit, created } = await createOnce<StoredVisit>(deps.models.SpecialistVisit, {
    requestKey,
    contentHash,
    fields: {
      ...residentScopeFields(resident),
      specialistAccountId: actor.accountId,
      specialistInstitutionId: actor.staff.institutionId ?? '',
      specialistName: body.specialistName,
      department: body.department ?? null,
      setting: body.setting,
      visitedOn: body.visitedOn,
      findings: body.findings,
      diagnosisReview: body.diagnosisReview ?? null,
      planChanges: body.planChanges,
      adviceToTeam: body.adviceToTeam ?? null,
      adviceToResident: body.adviceToResident,
      nextReviewOn: body.nextReviewOn ?? null,
      recordedAt: now,
    },
    reused: () => conflict('specialist_visit_request_id_reused'),
    sameRequest: (stored) => stored.contentHash === contentHash && stored.residentId.equals(resident._id),
  });

  await deps.models.ComanagementCase.updateOne(
    { _id: resident._id, $or: [{ lastVisitAt: null }, { lastVisitAt: { $lte: visit.recordedAt } }] },
    { $set: { lastVisitId: visit._id, lastVisitAt: visit.recordedAt, nextReviewOn: visit.nextReviewOn ?? null, updatedAt: now } },
  );
  const visitId = String(visit._id);
  const refs = { residentId: String(resident._id), visitId };
  await notifyStaff(deps, await teamAccountIds(deps, resident.institutionId, resident.teamId ?? null), {
    eventKey: `specialistVisit:${visitId}`,
    kind: 'specialistVisitRecorded',
    title: `专科医生${visit.specialistName}填写了接诊服务记录单`,
    body: `${resident.name}：${visit.planChanges.length > 0 ? `方案调整 ${visit.planChanges.map((p) => p.text).join('；')}。` : ''}${visit.adviceToTeam ? `给团队的建议：${visit.adviceToTeam}` : ''}`.slice(0, 300),
    refs,
  });
  await notifyResident(deps, resident._id, { eventKey: `specialistVisit:${visitId}`, kind: 'specialistAdvice', title: '专科医生给您的建议', body: visit.adviceToResident });
  return { visit, created };
}
