import type { Types } from 'mongoose';
import type { ReferralBody, ReferralReturnBody, ReviewRequestBody } from '../../shared/api/comanagement';
import { higherLevels, referralTransitions, type ReferralStep } from '../../shared/comanagement/referrals';
import { shanghaiDate } from '../../shared/time/shanghai';
import { createOnce } from '../db/createOnce';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { conflict, notFound, unprocessable } from '../http/errors';
import { contentHashOf } from '../integration/recordImporter';
import type { ReferralDoc } from '../models/referral';
import { caseFlagger, residentScopeFields } from './caseFlags';
import { notifyResident, notifyStaff, teamAccountIds } from './notices';

/**
 * 双向转诊 and the team's review requests. A referral moves through the states of
 * shared/comanagement/referrals.ts, each step one conditional update on the state it leaves (two
 * people answering at once: one wins, the other gets `referral_state_conflict`; the same step
 * repeated — a retry — returns the referral as it is). Every step was authorized and audited by the
 * route; `history` keeps the steps on the referral itself.
 */
type ResidentRef = { _id: Types.ObjectId; institutionId: string; teamId?: string | null; name: string };
export type StoredReferral = ReferralDoc & { _id: Types.ObjectId };

/** The team asks the specialists to review a resident: a `teamRequest` flag puts them in the queue of the specialists assigned to the institution. */
export async function reviewRequester(deps: AppDeps, input: { resident: ResidentRef; body: ReviewRequestBody }) {
  const { resident, body } = input;
  await caseFlagger(deps, resident, [{ key: `teamRequest:${body.clientRequestId}`, reason: 'teamRequest', on: shanghaiDate(deps.clock.now()), note: body.note }]);
}

export async function referralCreator(deps: AppDeps, input: { resident: ResidentRef; actor: AccountActor; body: ReferralBody }): Promise<{ referral: StoredReferral; created: boolean }> {
  const { resident, actor, body } = input;
  const destination = await deps.models.Institution.findById(body.toInstitutionId, { level: 1, name: 1 }).lean();
  if (!destination || !higherLevels.includes(destination.level as (typeof higherLevels)[number])) throw unprocessable('referral_destination_invalid');
  const now = deps.clock.now();
  const requestKey = `referral:${String(resident._id)}:${body.clientRequestId}`;
  const contentHash = contentHashOf(deps, 'referral', { residentId: String(resident._id), ...body });
  const { stored: referral, created } = await createOnce<StoredReferral>(deps.models.Referral, {
    requestKey,
    contentHash,
    fields: {
      ...residentScopeFields(resident),
      toInstitutionId: body.toInstitutionId,
      toDepartment: body.toDepartment ?? null,
      reason: body.reason,
      urgency: body.urgency,
      greenChannel: body.greenChannel,
      state: 'requested',
      referredOn: shanghaiDate(now),
      referredByAccountId: actor.accountId,
      history: [{ state: 'requested', at: now, byAccountId: actor.accountId }],
      createdAt: now,
      updatedAt: now,
    },
    reused: () => conflict('referral_request_id_reused'),
  });
  const referralId = String(referral._id);
  // In the co-management queue from now on; the receiving hospital finds it in its referral inbox.
  await caseFlagger(deps, resident, [{ key: `upReferral:${referralId}`, reason: 'upReferral', on: referral.referredOn, note: referral.reason }]);
  return { referral, created };
}

type StepPatch = { answerNote?: string | null } | ({ kind: 'return' } & ReferralReturnBody);

const stepNotices: Record<ReferralStep, { title: string; kind: string } | null> = {
  accept: { title: '上级医院已接收转诊', kind: 'referralAccepted' },
  decline: { title: '上级医院未接收转诊', kind: 'referralDeclined' },
  return: { title: '居民已转回本团队', kind: 'referralReturned' },
  cancel: null,
};

/** One step of a referral: a conditional update from the states the step leaves. */
export async function referralStepper(deps: AppDeps, input: { referral: StoredReferral; step: ReferralStep; actor: AccountActor; patch: StepPatch }): Promise<StoredReferral> {
  const { step, actor, patch } = input;
  const transition = referralTransitions[step];
  const now = deps.clock.now();
  const $set: Record<string, unknown> = { state: transition.to, updatedAt: now };
  if (step === 'accept' || step === 'decline') Object.assign($set, { answeredAt: now, answerNote: 'answerNote' in patch ? (patch.answerNote ?? null) : null });
  if ('kind' in patch) Object.assign($set, { returnedOn: shanghaiDate(now), outcome: patch.outcome, plan: { text: patch.planText, followUpWithinDays: patch.followUpWithinDays, adviceToResident: patch.adviceToResident ?? null } });
  const moved = await deps.models.Referral.findOneAndUpdate(
    { _id: input.referral._id, state: { $in: [...transition.from] } },
    { $set, $push: { history: { state: transition.to, at: now, byAccountId: actor.accountId } } },
    { returnDocument: 'after', lean: true },
  );
  if (!moved) {
    const current = await deps.models.Referral.findById(input.referral._id).lean();
    if (!current) throw notFound('referral_not_found');
    // The same step again (a retry, a double tap): it is already where it was asked to go.
    if (current.state === transition.to) return current;
    throw conflict('referral_state_conflict', { state: current.state, allowedFrom: transition.from });
  }
  await noticesOfStep(deps, moved, step);
  return moved;
}

async function noticesOfStep(deps: AppDeps, referral: StoredReferral, step: ReferralStep) {
  const notice = stepNotices[step];
  if (!notice) return;
  const resident = await deps.models.Resident.findById(referral.residentId, { name: 1 }).lean();
  const referralId = String(referral._id);
  const detail = step === 'return' ? `诊疗结果：${referral.outcome ?? ''}；方案：${referral.plan?.text ?? ''}；请在 ${referral.plan?.followUpWithinDays ?? 14} 天内随访。` : (referral.answerNote ?? '');
  await notifyStaff(deps, await teamAccountIds(deps, referral.institutionId, referral.teamId ?? null), {
    eventKey: `referral:${referralId}:${referral.state}`,
    kind: notice.kind,
    title: notice.title,
    body: `${resident?.name ?? '居民'}：${detail}`.slice(0, 300),
    refs: { residentId: String(referral.residentId), referralId },
  });
  if (step === 'return' && referral.plan?.adviceToResident) {
    await notifyResident(deps, referral.residentId, { eventKey: `referral:${referralId}:returned`, kind: 'referralReturned', title: '转诊结束，已转回家庭医生', body: referral.plan.adviceToResident });
  }
}
