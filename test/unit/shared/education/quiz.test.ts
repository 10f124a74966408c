import { gradeQuiz, quizProblems, type QuizQuestion } from '../../../../shared/education/quiz';

/** The quiz of a health-education item: 3–5 questions, 2–5 options, one right answer; passing = all right. */
const q = (options = 3, answerIndex = 0): QuizQuestion => ({ question: '问', options: Array.from({ length: options }, (_, i) => `选项${i}`), answerIndex });

describe('quizProblems', () => {
  test.each<[string, QuizQuestion[], string[]]>([
    ['three questions', [q(), q(), q()], []],
    ['five questions of five options', [q(5, 4), q(5), q(5), q(5), q(5)], []],
    ['two questions', [q(), q()], ['question_count_out_of_range']],
    ['six questions', [q(), q(), q(), q(), q(), q()], ['question_count_out_of_range']],
    ['one option', [q(1), q(), q()], ['option_count_out_of_range']],
    ['the answer beyond the options', [q(3, 3), q(), q()], ['answer_index_out_of_range']],
    ['a fractional answer', [q(3, 0.5), q(), q()], ['answer_index_out_of_range']],
  ])('%s', (_name, questions, expected) => {
    expect(quizProblems(questions)).toEqual(expected);
  });
});

describe('gradeQuiz', () => {
  const questions = [q(3, 0), q(3, 1), q(3, 2)];
  test.each<[number[], boolean, number]>([
    [[0, 1, 2], true, 3],
    [[0, 1, 1], false, 2],
    [[0, 1], false, 2],
    [[], false, 0],
  ])('%j → passed %s, %i right', (answers, passed, correctCount) => {
    expect(gradeQuiz(questions, answers)).toMatchObject({ passed, correctCount });
  });
  test('no questions: never passed', () => expect(gradeQuiz([], []).passed).toBe(false));
});
