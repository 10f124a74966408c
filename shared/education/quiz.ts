/**
 * Health education (健康教育): an article or short video per condition and topic, each with a short
 * quiz. Completing the quiz — every answer right, any number of tries — counts as the education
 * session the points policy rewards (docs/domain.md §4.2: +20, at most 4 a month); so does
 * attending an offline class checked in at the clinic. Pure: grading and the content rules.
 */
export const QUIZ_QUESTIONS_MIN = 3;
export const QUIZ_QUESTIONS_MAX = 5;
export const QUIZ_OPTIONS_MIN = 2;
export const QUIZ_OPTIONS_MAX = 5;

export const educationKinds = ['article', 'video'] as const;
export type EducationKind = (typeof educationKinds)[number];

export const educationTopics = ['diet', 'exercise', 'medication', 'selfMonitoring', 'complications', 'emergency', 'general'] as const;
export type EducationTopic = (typeof educationTopics)[number];
export const educationTopicLabels: Record<EducationTopic, string> = {
  diet: '饮食',
  exercise: '运动',
  medication: '用药',
  selfMonitoring: '自我监测',
  complications: '并发症预防',
  emergency: '紧急情况处理',
  general: '综合知识',
};

export interface QuizQuestion {
  question: string;
  options: string[];
  answerIndex: number;
  /** Why the right answer is right, shown after a wrong try. */
  explanation?: string | undefined;
}

export type QuizProblem = 'question_count_out_of_range' | 'option_count_out_of_range' | 'answer_index_out_of_range';

/** The content rules an item must meet before it is published; an empty list means valid. */
export function quizProblems(questions: readonly QuizQuestion[]): QuizProblem[] {
  const problems = new Set<QuizProblem>();
  if (questions.length < QUIZ_QUESTIONS_MIN || questions.length > QUIZ_QUESTIONS_MAX) problems.add('question_count_out_of_range');
  for (const q of questions) {
    if (q.options.length < QUIZ_OPTIONS_MIN || q.options.length > QUIZ_OPTIONS_MAX) problems.add('option_count_out_of_range');
    if (!Number.isInteger(q.answerIndex) || q.answerIndex < 0 || q.answerIndex >= q.options.length) problems.add('answer_index_out_of_range');
  }
  return [...problems];
}

export interface QuizResult {
  passed: boolean;
  correctCount: number;
  /** Per question, in order: was the chosen option right. */
  correct: boolean[];
}

/** Grades one try: passed when every question has its right option chosen (a missing answer is wrong). */
export function gradeQuiz(questions: readonly QuizQuestion[], answers: readonly number[]): QuizResult {
  const correct = questions.map((q, i) => answers[i] === q.answerIndex);
  const correctCount = correct.filter(Boolean).length;
  return { passed: questions.length > 0 && correctCount === questions.length, correctCount, correct };
}
