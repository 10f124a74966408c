import { Image, Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, DayChoice, EmptyState, ErrorState, LoadingState, PageShell, TextField } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { createEducationClass, loadEducationClasses } from '../../../services/comanagement';
import { formatCalendarDay, formatDateTime } from '../../../services/displayTime';
import { userMessageOf } from '../../../services/errors';
import { todayInShanghai } from '../../../services/followUpForm';
import { addCalendarDays } from '../../../../shared/time/shanghai';
import { educationTopicLabels, educationTopics, type EducationTopic } from '../../../../shared/education/quiz';
import '../doctor.scss';

const topicOptions = educationTopics.map((key) => ({ key, label: educationTopicLabels[key] }));
const timeOptions = [
  { key: '09:00', label: '上午 9 点' },
  { key: '14:30', label: '下午 2 点半' },
  { key: '19:00', label: '晚上 7 点' },
];

/**
 * 健康讲座: publish an offline class (title, topic, place, day and time, 1.5 hours) and show its QR
 * in the room; residents scan it to check in (each counts as an education session for points).
 */
export default function ClassesPage() {
  const { state, reload } = useResource(loadEducationClasses);
  const today = useMemo(() => todayInShanghai(), []);
  const [draft, setDraft] = useState({ title: '', topic: 'selfMonitoring' as EducationTopic, place: '', day: today, time: '09:00' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const publish = () => {
    if (!draft.title.trim() || !draft.place.trim()) return setError('请填写讲座题目和地点');
    const startsAt = new Date(`${draft.day}T${draft.time}:00+08:00`);
    setBusy(true);
    setError(null);
    createEducationClass({ title: draft.title.trim(), topic: draft.topic, place: draft.place.trim(), startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString() })
      .then(() => {
        setDraft({ ...draft, title: '' });
        reload();
      })
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  return (
    <PageShell title="健康讲座" testId="page-doctor-classes" showProfile={false}>
      <Card title="发布讲座" testId="classes-new">
        <TextField label="讲座题目" value={draft.title} maxLength={60} testId="class-title" onInput={(title) => setDraft({ ...draft, title })} />
        <ChipGroup label="主题" options={topicOptions} selected={[draft.topic]} testId="class-topic" onSelect={(topic) => setDraft({ ...draft, topic: topic as EducationTopic })} />
        <TextField label="地点" value={draft.place} maxLength={60} testId="class-place" onInput={(place) => setDraft({ ...draft, place })} />
        <DayChoice label="日期" value={draft.day} options={[{ key: today, label: '今天' }, { key: addCalendarDays(today, 1), label: '明天' }]} start={today} valueText={formatCalendarDay(draft.day)} testId="class-day" onChange={(day) => day && setDraft({ ...draft, day })} />
        <ChipGroup label="开始时间（讲 1 个半小时）" options={timeOptions} selected={[draft.time]} testId="class-time" onSelect={(time) => setDraft({ ...draft, time })} />
        {error ? <AlertBox tone="error" message={error} testId="class-error" /> : null}
        <View className="pb-stack">
          <BigButton type="primary" loading={busy} testId="class-submit" onClick={publish}>
            发布并生成签到二维码
          </BigButton>
        </View>
      </Card>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.classes.length === 0 ? <EmptyState title="还没有讲座" testId="classes-empty" /> : null}
      {state.status === 'ready'
        ? state.data.classes.map((c) => (
            <Card key={c.classId} title={c.title} testId="class-card">
              <Text className="pb-text">
                {formatDateTime(c.startsAt)} · {c.place} · {c.topicLabel}
              </Text>
              <Text className="pb-text" data-testid="class-attendance">
                已签到 {c.attendance} 人
              </Text>
              <Image className="pb-doc__qr" src={c.qrDataUrl} mode="aspectFit" data-testid="class-qr" data-payload={c.checkInPayload} />
              <Text className="pb-muted">讲座开始前半小时到结束后半小时内，居民用小程序扫码签到。</Text>
            </Card>
          ))
        : null}
    </PageShell>
  );
}
