import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, ErrorState, FormSubmit, LoadingState, NavRow, PageShell, TextField } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { blankQuizQuestion, draftOf, emptyItemDraft, itemBodyOf, loadEducationItems, saveEducationItem, type AdminEducationItemView, type ItemDraft } from '../../../services/educationAdmin';
import { fieldByPrefix } from '../../../services/staffForms';
import { educationTopicLabels, educationTopics, QUIZ_QUESTIONS_MAX } from '../../../../shared/education/quiz';
import '../admin.scss';

const kindOptions = [
  { key: 'article', label: '图文' },
  { key: 'video', label: '短视频' },
];
const statusOptions = [
  { key: 'draft', label: '草稿' },
  { key: 'published', label: '上架' },
  { key: 'archived', label: '下架' },
];
const statusWords: Record<string, string> = { draft: '草稿', published: '已上架', archived: '已下架' };
const conditionOptions = [
  { key: 'hypertension', label: '高血压' },
  { key: 'hyperglycemia', label: '糖尿病' },
  { key: 'dyslipidemia', label: '血脂异常' },
  { key: 'hyperhomocysteinemia', label: '高同型半胱氨酸' },
];
const topicOptions = educationTopics.map((key) => ({ key, label: educationTopicLabels[key] }));
const letters = ['A', 'B', 'C', 'D', 'E'];
const fieldOf = fieldByPrefix([
  ['title', 'title'],
  ['paragraphs', 'paragraphs'],
  ['videoUrl', 'videoUrl'],
  ['quiz', 'quiz'],
]);

/**
 * 健康教育内容: the articles and short videos residents learn from, each with 3–5 questions (the
 * right answer chosen here); a published item is in every resident's list at once, and passing its
 * quiz earns the education points.
 */
export default function EducationAdminPage() {
  const { state, reload } = useResource(loadEducationItems);
  const [editing, setEditing] = useState<{ itemId: string | null; draft: ItemDraft } | null>(null);
  const form = useStaffForm<AdminEducationItemView>(fieldOf);

  const open = (item: AdminEducationItemView | null) => {
    form.reset();
    setEditing({ itemId: item?.itemId ?? null, draft: item ? draftOf(item) : emptyItemDraft() });
  };

  if (editing) {
    const d = editing.draft;
    const set = (patch: Partial<ItemDraft>) => setEditing({ ...editing, draft: { ...d, ...patch } });
    const setQuestion = (i: number, patch: Partial<ItemDraft['quiz'][number]>) => set({ quiz: d.quiz.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
    const save = () => {
      const { body, problems } = itemBodyOf(d);
      if (form.accept(problems)) form.submit(() => saveEducationItem(editing.itemId, body));
    };
    if (form.result) {
      return (
        <PageShell title="已保存" testId="page-admin-education-saved" showProfile={false}>
          <AlertBox tone="success" title={`《${form.result.title}》已保存`} message={`状态：${statusWords[form.result.status] ?? ''}`} testId="education-saved" />
          <View className="pb-stack">
            <BigButton type="primary" testId="education-back" onClick={() => { setEditing(null); reload(); }}>
              返回列表
            </BigButton>
          </View>
        </PageShell>
      );
    }
    return (
      <PageShell title={editing.itemId ? '修改内容' : '新增内容'} testId="page-admin-education-edit" showProfile={false}>
        <Card title="内容">
          <ChipGroup label="形式" options={kindOptions} selected={[d.kind]} testId="education-kind" onSelect={(kind) => set({ kind: kind as ItemDraft['kind'] })} />
          <TextField label="标题" value={d.title} maxLength={60} error={form.errors['title']} testId="education-title" onInput={(title) => set({ title })} />
          <TextField label="一句话简介（可不填）" value={d.summary} maxLength={120} testId="education-summary" onInput={(summary) => set({ summary })} />
          <ChipGroup label="主题" options={topicOptions} selected={[d.topic]} testId="education-topic" onSelect={(topic) => set({ topic: topic as ItemDraft['topic'] })} />
          <ChipGroup
            label="适用病种（不选为所有居民）"
            options={conditionOptions}
            selected={d.conditions}
            testId="education-condition"
            onSelect={(key) => set({ conditions: ((d.conditions as string[]).includes(key) ? d.conditions.filter((c) => c !== key) : [...d.conditions, key]) as ItemDraft['conditions'] })}
          />
          {d.kind === 'video' ? <TextField label="视频地址（https）" value={d.videoUrl} maxLength={500} error={form.errors['videoUrl']} testId="education-video" onInput={(videoUrl) => set({ videoUrl })} /> : null}
          {d.paragraphs.map((p, i) => (
            <TextField key={i} label={`第 ${i + 1} 段`} value={p} maxLength={1000} testId={`education-paragraph-${i}`} onInput={(text) => set({ paragraphs: d.paragraphs.map((x, j) => (j === i ? text : x)) })} />
          ))}
          {form.errors['paragraphs'] ? <Text className="pb-form-error">{form.errors['paragraphs']}</Text> : null}
          <BigButton type="secondary" testId="education-paragraph-add" onClick={() => set({ paragraphs: [...d.paragraphs, ''] })}>
            添加一段
          </BigButton>
        </Card>
        <Card title="答题（3–5 道）" testId="education-quiz">
          {d.quiz.map((q, i) => (
            <View key={i} className="pb-adm__rate" data-testid={`education-question-${i}`}>
              <TextField label={`第 ${i + 1} 题`} value={q.question} maxLength={100} testId={`education-q${i}`} onInput={(question) => setQuestion(i, { question })} />
              {q.options.map((o, k) => (
                <TextField key={k} label={`选项 ${letters[k]}`} value={o} maxLength={60} testId={`education-q${i}-o${k}`} onInput={(text) => setQuestion(i, { options: q.options.map((x, m) => (m === k ? text : x)) })} />
              ))}
              <ChipGroup label="正确答案" options={q.options.map((_, k) => ({ key: String(k), label: letters[k] ?? String(k) }))} selected={q.answerIndex === null ? [] : [String(q.answerIndex)]} testId={`education-q${i}-answer`} onSelect={(key) => setQuestion(i, { answerIndex: Number(key) })} />
            </View>
          ))}
          {form.errors['quiz'] ? <Text className="pb-form-error">{form.errors['quiz']}</Text> : null}
          {d.quiz.length < QUIZ_QUESTIONS_MAX ? (
            <BigButton type="secondary" testId="education-question-add" onClick={() => set({ quiz: [...d.quiz, blankQuizQuestion()] })}>
              添加一道题
            </BigButton>
          ) : null}
        </Card>
        <Card title="状态">
          <ChipGroup options={statusOptions} selected={[d.status]} testId="education-status" onSelect={(status) => set({ status: status as ItemDraft['status'] })} />
        </Card>
        <FormSubmit error={form.formError} loading={form.busy} testId="education" onSubmit={save}>
          保存
        </FormSubmit>
      </PageShell>
    );
  }

  return (
    <PageShell title="健康教育内容" testId="page-admin-education" showProfile={false}>
      <View className="pb-stack">
        <BigButton type="primary" testId="education-new" onClick={() => open(null)}>
          新增内容
        </BigButton>
      </View>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <Card title={`共 ${state.data.total} 篇`} testId="education-list">
          {state.data.items.map((item) => (
            <NavRow key={item.itemId} title={item.title} description={`${item.kind === 'video' ? '短视频' : '图文'} · ${educationTopicLabels[item.topic]} · ${item.quiz.length} 道题`} badge={statusWords[item.status]} testId="education-item" onClick={() => open(item)} />
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
