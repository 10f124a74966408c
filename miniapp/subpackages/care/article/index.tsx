import { Text, Video, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadEducationItem, pointsOutcomeText, submitQuiz, type QuizResultView } from '../../../services/care';
import { userMessageOf } from '../../../services/errors';
import { getActiveProfile } from '../../../state/activeProfile';
import '../care.scss';

/**
 * One item of health knowledge: the text (or the short video), then its questions, each answered
 * with one big tap. All right → one education session (points within the monthly cap); a wrong
 * answer shows the right one's reason and the resident may try again.
 */
export default function ArticlePage() {
  const itemId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadEducationItem(itemId), [itemId]);
  const { state, reload } = useResource(load);
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [result, setResult] = useState<QuizResultView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = getActiveProfile()?.relation !== 'proxy';

  if (state.status !== 'ready') {
    return <PageShell testId="page-care-article">{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  const item = state.data;
  const unanswered = item.quiz.findIndex((_, i) => answers[i] === undefined);

  const submit = () => {
    if (unanswered >= 0) return setError(`第 ${unanswered + 1} 题还没有选`);
    setBusy(true);
    setError(null);
    submitQuiz(itemId, item.quiz.map((_, i) => answers[i] ?? -1))
      .then(setResult)
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  return (
    <PageShell title={item.title} testId="page-care-article">
      {item.assignedNote ? <AlertBox tone="info" title="医生推荐" message={item.assignedNote} /> : null}
      <Card testId="article-content">
        <Text className="pb-muted">{item.topicLabel}</Text>
        {item.videoUrl ? <Video className="pb-care__video" src={item.videoUrl} controls showFullscreenBtn data-testid="article-video" /> : null}
        {item.paragraphs.map((p, i) => (
          <Text key={i} className="pb-care__paragraph" data-testid="article-paragraph">
            {p}
          </Text>
        ))}
      </Card>

      {own ? (
        <Card title={item.completed && !result ? '答题（已学完，可再练习）' : '答题'} testId="article-quiz">
          {item.quiz.map((q, i) => (
            <View key={i} className="pb-care__question" data-testid="quiz-question">
              <Text className="pb-care__question-text">
                {i + 1}. {q.question}
              </Text>
              <ChipGroup
                options={q.options.map((label, o) => ({ key: String(o), label }))}
                selected={answers[i] === undefined ? [] : [String(answers[i])]}
                testId={`quiz-${i}`}
                onSelect={(key) => {
                  setResult(null);
                  setAnswers({ ...answers, [i]: Number(key) });
                }}
              />
              {result ? (
                <Text className={result.correct[i] ? 'pb-care__right' : 'pb-care__wrong'} data-testid={`quiz-${i}-verdict`}>
                  {result.correct[i] ? '✓ 答对了' : `✗ 答错了${result.explanations[i] ? `：${result.explanations[i]}` : '，再想一想'}`}
                </Text>
              ) : null}
            </View>
          ))}
          {error ? <AlertBox tone="error" message={error} testId="quiz-error" /> : null}
          {result ? (
            <AlertBox
              tone={result.passed ? 'success' : 'warning'}
              title={result.passed ? '全部答对！' : `答对 ${result.correctCount} 题，共 ${result.total} 题`}
              message={result.passed ? pointsOutcomeText(result.firstCompletion, result.month) : '改一改答错的题，再提交一次。'}
              testId="quiz-result"
            />
          ) : null}
          <View className="pb-stack">
            {result?.passed ? (
              <BigButton type="primary" testId="quiz-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
                返回健康知识
              </BigButton>
            ) : (
              <BigButton type="primary" loading={busy} testId="quiz-submit" onClick={submit}>
                提交答案
              </BigButton>
            )}
          </View>
        </Card>
      ) : null}
    </PageShell>
  );
}
