import { referralView, teamComanagementView, type ReferralBody, type TeamComanagementView } from '../../shared/api/comanagement';
import { educationAssignmentView, educationCatalogueView, educationClassView, type EducationClassView } from '../../shared/api/education';
import { z } from 'zod';
import { parsed } from './apiSchema';
import { api } from './http';

/**
 * The family-doctor team's side of co-management, referrals and health education (doctors only):
 * one resident's specialist records and referrals, asking for a review, referring up, withdrawing,
 * recommending an item, and the team's offline classes with their check-in QR.
 *
 *   loadTeamComanagement(id)            GET  /api/staff/residents/:id/comanagement
 *   requestSpecialistReview(id, note)   POST /api/staff/residents/:id/specialist-review-requests
 *   referUp(id, body)                   POST /api/staff/residents/:id/referrals
 *   cancelReferral(referralId)          POST /api/referrals/:referralId/cancel
 *   loadEducationCatalogue()            GET  /api/staff/education-items
 *   recommendEducation(id, item, note)  POST /api/staff/residents/:id/education-assignments
 *   loadEducationClasses()              GET  /api/staff/education-classes
 *   createEducationClass(body)          POST /api/staff/education-classes
 */
export type { EducationClassView, TeamComanagementView };

const staffPath = (residentId: string, suffix: string) => `/api/staff/residents/${encodeURIComponent(residentId)}${suffix}`;

export const loadTeamComanagement = (residentId: string) => parsed(teamComanagementView, api.get(staffPath(residentId, '/comanagement')));
export const requestSpecialistReview = (residentId: string, note: string, clientRequestId: string) => parsed(teamComanagementView, api.post(staffPath(residentId, '/specialist-review-requests'), { clientRequestId, note }));
export const referUp = (residentId: string, body: ReferralBody) => parsed(referralView, api.post(staffPath(residentId, '/referrals'), body));
export const cancelReferral = (referralId: string) => parsed(referralView, api.post(`/api/referrals/${encodeURIComponent(referralId)}/cancel`, {}));
export const loadEducationCatalogue = () => parsed(educationCatalogueView, api.get('/api/staff/education-items'));
export const recommendEducation = (residentId: string, itemId: string, note: string) =>
  parsed(educationAssignmentView, api.post(staffPath(residentId, '/education-assignments'), { itemId, ...(note.trim() ? { note: note.trim() } : {}) }));
export const loadEducationClasses = () => parsed(z.object({ classes: z.array(educationClassView) }), api.get('/api/staff/education-classes'));
export const createEducationClass = (body: { title: string; topic: string; place: string; startsAt: string; endsAt: string }) => parsed(educationClassView, api.post('/api/staff/education-classes', body));

export const urgencyOptions = [
  { key: 'routine', label: '普通' },
  { key: 'urgent', label: '尽快（3 日内）' },
  { key: 'emergency', label: '紧急' },
] as const;
