/**
 * Request and response shapes of the satisfaction survey (shared/satisfaction/survey.ts): the
 * surveys a resident may answer now, and an answer or a dismissal. Used by
 * server/routes/satisfaction.ts and miniapp/services/satisfaction.ts.
 */
import { z } from 'zod';
import { SCORE_MAX, SCORE_MIN, surveyQuestionKeys, surveySubjects } from '../satisfaction/survey';

const score = z.number().int().min(SCORE_MIN).max(SCORE_MAX);

export const pendingSurveysView = z.object({
  surveys: z.array(
    z.object({
      eventKey: z.string(),
      subject: z.enum(surveySubjects),
      /** "3月16日 门诊随访" — what the survey is about, in the resident's words. */
      title: z.string(),
      serviceOn: z.string(),
      questions: z.array(z.object({ key: z.enum(surveyQuestionKeys), text: z.string() })),
    }),
  ),
});
export type PendingSurveysView = z.infer<typeof pendingSurveysView>;

export const surveyAnswerBody = z
  .union([
    z.object({ eventKey: z.string().min(1).max(80), answers: z.object({ overall: score, attitude: score, explanation: score }) }),
    z.object({ eventKey: z.string().min(1).max(80), dismissed: z.literal(true).describe('不评价：以后不再询问这次服务') }),
  ])
  .meta({ description: '满意度评价：三个问题各 1–5 分；或选择不评价。每次服务只记一次', examples: [{ eventKey: 'followUp:6650f0c2a1b2c3d4e5f60720', answers: { overall: 5, attitude: 5, explanation: 4 } }] });
export type SurveyAnswerBody = z.infer<typeof surveyAnswerBody>;

export const surveyAnsweredView = z.object({ eventKey: z.string(), answered: z.boolean(), recorded: z.boolean().describe('false：这次服务之前已评价或已选择不评价，未改变') });
