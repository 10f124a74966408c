/**
 * The satisfaction survey (居民满意度, part of 家庭医生履约考核): three questions, each scored 1–5,
 * offered once after a follow-up, a specialist visit or a pharmacy checkout. It never blocks
 * anything: the resident may answer or dismiss it, and either way it is not asked again for that
 * event (a unique key per event).
 */
export const surveySubjects = ['followUp', 'specialistVisit', 'checkout'] as const;
export type SurveySubject = (typeof surveySubjects)[number];

export const surveyQuestionKeys = ['overall', 'attitude', 'explanation'] as const;
export type SurveyQuestionKey = (typeof surveyQuestionKeys)[number];

export const surveyQuestions: Record<SurveySubject, Record<SurveyQuestionKey, string>> = {
  followUp: { overall: '您对这次随访满意吗？', attitude: '医生的服务态度好吗？', explanation: '医生把病情和注意事项讲清楚了吗？' },
  specialistVisit: { overall: '您对这次专科医生的诊疗满意吗？', attitude: '专科医生的服务态度好吗？', explanation: '专科医生的建议讲清楚了吗？' },
  checkout: { overall: '您对这次用积分抵扣买药满意吗？', attitude: '药店店员的服务态度好吗？', explanation: '抵扣的金额和积分讲清楚了吗？' },
};

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
/** A score this high or higher counts as 满意 (satisfied) in the satisfaction rate. */
export const SATISFIED_FROM_SCORE = 4;
export const scoreLabels: Record<number, string> = { 1: '很不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '很满意' };

/** How long after the event the survey is offered. */
export const SURVEY_OFFER_DAYS = 14;

export type SurveyAnswers = Record<SurveyQuestionKey, number>;

export function isValidScore(score: number): boolean {
  return Number.isInteger(score) && score >= SCORE_MIN && score <= SCORE_MAX;
}
