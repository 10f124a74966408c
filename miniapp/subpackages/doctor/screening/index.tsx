import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, DayChoice, FormSubmit, PageShell, TextField } from '../../../components';
import { useStaffForm } from '../../../hooks/useStaffForm';
import {
  buildScreeningBody,
  checkScreeningDraft,
  emptyScreeningDraft,
  examOptions,
  recordScreening,
  screeningFieldOf,
  screeningKindOptions,
  screeningRows,
  screeningSectionTitles,
  type ExamKey,
  type ScreeningDraft,
  type ScreeningSavedView,
  type ScreeningSection,
} from '../../../services/clinicEntries';
import { formatCalendarDay } from '../../../services/displayTime';
import { todayInShanghai, visitDayOptions } from '../../../services/followUpForm';
import { NumberRows } from '../components/NumberRows';
import '../doctor.scss';

const sections: ScreeningSection[] = ['bp', 'glucose', 'lipids', 'hcy', 'body', 'kidney'];

/**
 * 录入筛查 / 检验: any of BP, glucose, lipids, Hcy, waist and weight, kidney function, and the eye and
 * foot examinations, measured at the clinic; each screening earns points.
 */
export default function ScreeningPage() {
  const residentId = useRouter().params['id'] ?? '';
  const today = useMemo(() => todayInShanghai(), []);
  const [draft, setDraft] = useState<ScreeningDraft>(() => emptyScreeningDraft(today));
  const form = useStaffForm<ScreeningSavedView>(screeningFieldOf);
  const { errors, result: saved } = form;

  const submit = () => {
    const problems = checkScreeningDraft(draft, today);
    if (form.accept(problems, problems['form'] ?? '请先改正标红的项目')) form.submit((requestId) => recordScreening(residentId, buildScreeningBody(draft, requestId, today)));
  };

  if (saved) {
    return (
      <PageShell title="已登记" testId="page-doctor-screening-done" showProfile={false}>
        <AlertBox tone="success" title={saved.created ? '检测结果已登记' : '这份结果之前已登记过'} message={saved.lines.join('，')} testId="screening-done" />
        {saved.screeningText ? <Text className="pb-text">{saved.screeningText}，居民会获得筛查积分。</Text> : null}
        {saved.hcyText ? <Text className="pb-text" data-testid="screening-hcy">{saved.hcyText}</Text> : null}
        <View className="pb-stack">
          <BigButton type="primary" testId="screening-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回居民详情
          </BigButton>
          <BigButton
            type="secondary"
            testId="screening-again"
            onClick={() => {
              form.reset();
              setDraft(emptyScreeningDraft(today));
            }}
          >
            再登记一份
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="录入筛查 / 检验" testId="page-doctor-screening" showProfile={false}>
      <Card testId="screening-basics">
        <ChipGroup label="类型" options={screeningKindOptions} selected={[draft.kind]} testId="screening-kind" onSelect={(key) => setDraft({ ...draft, kind: key as ScreeningDraft['kind'] })} />
        <DayChoice label="检测日期" value={draft.measuredOn} options={visitDayOptions(today)} end={today} valueText={formatCalendarDay(draft.measuredOn)} error={errors['measuredOn']} testId="screening-day" onChange={(day) => setDraft({ ...draft, measuredOn: day || today })} />
        <Text className="pb-doc__meta">只填做了的项目，其余留空。</Text>
      </Card>
      {sections.map((section) => (
        <Card key={section} title={screeningSectionTitles[section]} testId={`screening-${section}`}>
          <NumberRows
            rows={screeningRows.filter((r) => r.section === section)}
            numbers={draft.numbers}
            errors={errors}
            testId="screening"
            onChange={(key, text) => {
              form.clearError(key);
              setDraft({ ...draft, numbers: { ...draft.numbers, [key]: text } });
            }}
          />
        </Card>
      ))}
      <Card title="眼底和足部检查（糖尿病每年一次）" testId="screening-exams">
        {(Object.keys(examOptions) as ExamKey[]).map((exam) => (
          <ChipGroup
            key={exam}
            label={examOptions[exam].label}
            options={examOptions[exam].options}
            selected={[draft.exams[exam] ?? 'none']}
            testId={`screening-exam-${exam}`}
            onSelect={(key) => {
              const exams = { ...draft.exams };
              if (key === 'normal' || key === 'abnormal') exams[exam] = key;
              else delete exams[exam];
              setDraft({ ...draft, exams });
            }}
          />
        ))}
      </Card>
      <Card title="其他（选填）">
        <TextField label="检测机构" value={draft.labName} maxLength={80} testId="screening-lab" onInput={(text) => setDraft({ ...draft, labName: text })} />
        <TextField label="备注" value={draft.note} maxLength={200} testId="screening-note" onInput={(text) => setDraft({ ...draft, note: text })} />
      </Card>
      <FormSubmit error={form.formError} loading={form.busy} testId="screening" onSubmit={submit}>
        保存检测结果
      </FormSubmit>
    </PageShell>
  );
}
