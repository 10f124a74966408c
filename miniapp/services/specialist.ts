import { queueView, referralInboxView, referralView, specialistReviewView, specialistVisitView, type QueueView, type ReferralReturnBody, type ReferralView, type SpecialistReviewView, type SpecialistVisitBody } from '../../shared/api/comanagement';
import { classificationLabels, followUpModeLabels, labelOf } from '../../shared/vocabulary';
import { planChangeKindLabels, planChangeKinds, visitSettingLabels, visitSettings } from '../../shared/comanagement/labels';
import { parsed } from './apiSchema';
import { api } from './http';

/**
 * 专科共管 (specialists of a higher-level hospital): the review queue of the institutions assigned
 * to them, one resident's review, the 接诊服务记录单, and the referrals sent to their hospital with
 * their answers (接收 / 不接收 / 下转).
 *
 *   loadQueue()                      GET  /api/specialist/queue
 *   loadReview(residentId)           GET  /api/specialist/residents/:id
 *   recordVisit(residentId, body)    POST /api/specialist/residents/:id/visits
 *   loadReferralInbox()              GET  /api/specialist/referrals
 *   answerReferral(id, step, body)   POST /api/referrals/:id/{accept|decline|return}
 */
export type { QueueView, ReferralView, SpecialistReviewView, SpecialistVisitBody };

export const loadQueue = () => parsed(queueView, api.get('/api/specialist/queue'));
export const loadReview = (residentId: string) => parsed(specialistReviewView, api.get(`/api/specialist/residents/${encodeURIComponent(residentId)}`));
export const recordVisit = (residentId: string, body: SpecialistVisitBody) => parsed(specialistVisitView, api.post(`/api/specialist/residents/${encodeURIComponent(residentId)}/visits`, body));
export const loadReferralInbox = () => parsed(referralInboxView, api.get('/api/specialist/referrals'));
export const answerReferral = (referralId: string, step: 'accept' | 'decline' | 'return', body: { note?: string } | ReferralReturnBody) =>
  parsed(referralView, api.post(`/api/referrals/${encodeURIComponent(referralId)}/${step}`, body));

export const settingOptions = visitSettings.map((key) => ({ key, label: visitSettingLabels[key] }));
export const planKindOptions = planChangeKinds.map((key) => ({ key, label: planChangeKindLabels[key] }));


/** Pure: one follow-up line of the review, "3月16日 门诊 · 162/98 · 控制不满意". */
export function followUpLine(f: SpecialistReviewView['followUps'][number], dayText: (day: string) => string): string {
  const bp = f.systolicMmHg !== null && f.diastolicMmHg !== null ? `${f.systolicMmHg}/${f.diastolicMmHg} mmHg` : null;
  return [`${dayText(f.visitedOn)} ${labelOf(followUpModeLabels, f.mode)}`, bp, labelOf(classificationLabels, f.classification) || null].filter(Boolean).join(' · ');
}
