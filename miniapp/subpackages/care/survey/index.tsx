import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { answerSurvey, dismissSurvey, loadPendingSurveys, scoreOptions } from '../../../services/care';
import { userMessageOf } from '../../../services/errors';
import type { SurveyQuestionKey } from '../../../../shared/satisfaction/survey';

/**
 * 服务评价: three questions about a recent follow-up, specialist visit or pharmacy checkout, each
 * answered in words (很不满意 … 很满意). Optional: 不评价 hides it for good; nothing waits for it.
 */
export default function SurveyPage() {
  const { state, reload } = useResource(loadPendingSurveys);
  const [answers, setAnswers] = useState<Record<string, Partial<Record<SurveyQuestionKey, number>>>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const [thanks, setThanks] = useState<string | null>(null);

  if (state.status !== 'ready') {
    return <PageShell title="服务评价" testId="page-care-survey">{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }

  const send = (eventKey: string, dismiss: boolean) => {
    const given = answers[eventKey] ?? {};
    const complete = (['overall', 'attitude', 'explanation'] as const).every((k) => given[k] !== undefined);
    if (!dismiss && !complete) return setError({ ...error, [eventKey]: '请回答三个问题，或点「不评价」' });
    setBusy(eventKey);
    setError({ ...error, [eventKey]: '' });
    const request = dismiss ? dismissSurvey(eventKey) : answerSurvey(eventKey, given as Record<SurveyQuestionKey, number>);
    request
      .then(() => {
        setThanks(dismiss ? '好的，这次服务不再询问。' : '谢谢您的评价！');
        reload();
      })
      .catch((cause: unknown) => setError({ ...error, [eventKey]: userMessageOf(cause) }))
      .finally(() => setBusy(null));
  };

  return (
    <PageShell title="服务评价" testId="page-care-survey">
      {thanks ? <AlertBox tone="success" message={thanks} testId="survey-thanks" /> : null}
      {state.data.surveys.length === 0 ? <EmptyState title="没有要评价的服务" description="看完医生或在药店抵扣后，可以在这里说说感受" testId="survey-empty" /> : null}
      {state.data.surveys.map((s) => (
        <Card key={s.eventKey} title={s.title} testId="survey-card">
          {s.questions.map((q) => (
            <View key={q.key} className="pb-list-item">
              <Text className="pb-list-item__title">{q.text}</Text>
              <ChipGroup
                options={scoreOptions}
                selected={answers[s.eventKey]?.[q.key] !== undefined ? [String(answers[s.eventKey]?.[q.key])] : []}
                testId={`survey-${q.key}`}
                onSelect={(key) => setAnswers({ ...answers, [s.eventKey]: { ...answers[s.eventKey], [q.key]: Number(key) } })}
              />
            </View>
          ))}
          {error[s.eventKey] ? <AlertBox tone="error" message={error[s.eventKey]} testId="survey-error" /> : null}
          <View className="pb-stack">
            <BigButton type="primary" loading={busy === s.eventKey} testId="survey-submit" onClick={() => send(s.eventKey, false)}>
              提交评价
            </BigButton>
            <BigButton type="secondary" testId="survey-dismiss" onClick={() => send(s.eventKey, true)}>
              不评价
            </BigButton>
          </View>
        </Card>
      ))}
    </PageShell>
  );
}
