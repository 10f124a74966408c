import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, EmptyState, ErrorState, LoadingState, PageShell, TextField } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { loadEducationCatalogue, recommendEducation } from '../../../services/comanagement';
import { userMessageOf } from '../../../services/errors';
import '../doctor.scss';

/** 推荐健康知识: pick a published item for the resident, with a word from the doctor; the resident sees it first and gets a notice. */
export default function RecommendPage() {
  const residentId = useRouter().params['id'] ?? '';
  const { state, reload } = useResource(loadEducationCatalogue);
  const [itemId, setItemId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const send = () => {
    if (!itemId) return setError('请选择一篇');
    setBusy(true);
    setError(null);
    recommendEducation(residentId, itemId, note)
      .then((assigned) => setDone(`已推荐《${assigned.title}》`))
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  if (state.status !== 'ready') {
    return <PageShell testId="page-doctor-recommend" showProfile={false}>{state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}</PageShell>;
  }
  return (
    <PageShell title="推荐健康知识" testId="page-doctor-recommend" showProfile={false}>
      {done ? <AlertBox tone="success" message={done} testId="recommend-done" /> : null}
      {state.data.items.length === 0 ? <EmptyState title="还没有上架的健康知识" testId="recommend-empty" /> : null}
      <Card>
        <ChipGroup label="选择一篇" options={state.data.items.map((i) => ({ key: i.itemId, label: `${i.title}（${i.topicLabel}）` }))} selected={itemId ? [itemId] : []} testId="recommend-item" onSelect={setItemId} />
        <TextField label="给居民的一句话（可不填）" value={note} maxLength={100} testId="recommend-note" onInput={setNote} />
        {error ? <AlertBox tone="error" message={error} testId="recommend-error" /> : null}
        <View className="pb-stack">
          <BigButton type="primary" loading={busy} testId="recommend-submit" onClick={send}>
            推荐给居民
          </BigButton>
        </View>
        <Text className="pb-muted">居民答对题目算完成一次健康学习，按积分规则得分。</Text>
      </Card>
    </PageShell>
  );
}
