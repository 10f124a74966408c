import { classCheckInView, educationItemView, educationListView, quizResultView, type ClassCheckInView, type EducationItemView, type EducationListView, type QuizResultView } from '../../shared/api/education';
import { residentAdviceView, type ResidentAdviceView } from '../../shared/api/comanagement';
import { pendingSurveysView, surveyAnsweredView, type PendingSurveysView } from '../../shared/api/satisfaction';
import { scoreLabels, SCORE_MAX, SCORE_MIN, type SurveyQuestionKey } from '../../shared/satisfaction/survey';
import { parsed } from './apiSchema';
import { formatCalendarDay } from './displayTime';
import { residentRequest } from './profile';

/**
 * The resident's side of co-management, health education and the satisfaction survey, for the
 * active profile. The only code that calls these endpoints; responses are checked against the
 * service's own schemas (shared/api).
 *
 *   loadSpecialistAdvice()        GET  /api/residents/:id/specialist-advice
 *   loadEducation()               GET  /api/residents/:id/education
 *   loadEducationItem(itemId)     GET  /api/residents/:id/education/:itemId
 *   submitQuiz(itemId, answers)   POST /api/residents/:id/education/:itemId/quiz
 *   checkInAtClass(code)          POST /api/residents/:id/education-classes/check-in
 *   loadPendingSurveys()          GET  /api/residents/:id/surveys
 *   answerSurvey(key, answers)    POST /api/residents/:id/surveys
 */
export type { ClassCheckInView, EducationItemView, EducationListView, PendingSurveysView, QuizResultView, ResidentAdviceView };

export const loadSpecialistAdvice = () => parsed(residentAdviceView, residentRequest('/specialist-advice'));
export const loadEducation = () => parsed(educationListView, residentRequest('/education'));
export const loadEducationItem = (itemId: string) => parsed(educationItemView, residentRequest(`/education/${encodeURIComponent(itemId)}`));
export const submitQuiz = (itemId: string, answers: number[]) => parsed(quizResultView, residentRequest(`/education/${encodeURIComponent(itemId)}/quiz`, { method: 'POST', body: { answers } }));
export const checkInAtClass = (code: string) => parsed(classCheckInView, residentRequest('/education-classes/check-in', { method: 'POST', body: { code } }));
export const loadPendingSurveys = () => parsed(pendingSurveysView, residentRequest('/surveys'));
export const answerSurvey = (eventKey: string, answers: Record<SurveyQuestionKey, number>) => parsed(surveyAnsweredView, residentRequest('/surveys', { method: 'POST', body: { eventKey, answers } }));
export const dismissSurvey = (eventKey: string) => parsed(surveyAnsweredView, residentRequest('/surveys', { method: 'POST', body: { eventKey, dismissed: true } }));

/** The five answers of a survey question, worst first, in words (never a bare number). */
export const scoreOptions = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => ({ key: String(SCORE_MIN + i), label: scoreLabels[SCORE_MIN + i] ?? String(SCORE_MIN + i) }));

/** Pure: "本月已完成 2 次健康学习，每月前 4 次各得 20 积分". */
export function educationMonthText(month: EducationListView['month']): string {
  const rewarded = month.rewardedPerMonth === null ? `每次得 ${month.pointsEach} 积分` : `每月前 ${month.rewardedPerMonth} 次各得 ${month.pointsEach} 积分`;
  return `本月已完成 ${month.completedThisMonth} 次健康学习，${rewarded}`;
}

/** Pure: what passing a quiz or checking in means for the points, in words. */
export function pointsOutcomeText(first: boolean, month: EducationListView['month']): string {
  if (!first) return '这篇之前已经学过了，不再重复得积分。';
  if (month.rewardedPerMonth !== null && month.completedThisMonth > month.rewardedPerMonth) return `本月已完成 ${month.completedThisMonth} 次，超过每月 ${month.rewardedPerMonth} 次的积分上限，这次不加积分。`;
  return `完成一次健康学习，${month.pointsEach} 积分几分钟内到账。`;
}

export const dayText = (day: string | null | undefined) => (day ? formatCalendarDay(day) : '');
