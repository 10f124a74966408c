import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, CheckRow, ChipGroup, DayChoice, ErrorState, FormSubmit, LoadingState, PageShell, TextField } from '../../../components';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { formatCalendarDay } from '../../../services/displayTime';
import {
  buildPlanBody,
  checkPlanDraft,
  conditionOptions,
  daysSupplyOptions,
  draftFromPlan,
  drugPresets,
  emptyPlanDraft,
  loadResidentMedication,
  planFieldOf,
  savePlan,
  timeOptions,
  type PlanDraft,
  type SavedPlanView,
} from '../../../services/doctorMedication';
import { userMessageOf } from '../../../services/errors';
import { todayInShanghai } from '../../../services/followUpForm';
import '../doctor.scss';

/**
 * 开具 / 修改用药方案: medicine (one tap for the programme's usual ones), dose, times of day (the
 * daily reminders), start and end, 长处方, 项目优惠药, 叶酸疗程 (3 months, then the Hcy re-check).
 * A change is a new version from today; the resident's history keeps the old one.
 */
export default function PlanFormPage() {
  const params = useRouter().params;
  const residentId = params['id'] ?? '';
  const planId = params['planId'] ?? null;
  const today = useMemo(() => todayInShanghai(), []);
  const [draft, setDraft] = useState<PlanDraft>(() => emptyPlanDraft(today));
  const [expectedVersion, setExpectedVersion] = useState<number | null>(null);
  const [loading, setLoading] = useState<{ error: string | null; done: boolean }>({ error: null, done: planId === null });
  const form = useStaffForm<SavedPlanView>(planFieldOf);
  const { errors, result: saved } = form;
  const set = (patch: Partial<PlanDraft>) => {
    for (const key of Object.keys(patch)) form.clearError(key);
    setDraft((d) => ({ ...d, ...patch }));
  };

  useEffect(() => {
    if (!planId) return;
    loadResidentMedication(residentId)
      .then((view) => {
        const plan = view.plans.find((p) => p.planId === planId);
        if (!plan) throw new Error('not found');
        setDraft(draftFromPlan(plan.raw, today));
        setExpectedVersion(plan.version);
        setLoading({ error: null, done: true });
      })
      .catch((cause: unknown) => setLoading({ error: userMessageOf(cause), done: true }));
  }, [residentId, planId, today]);

  const submit = () => {
    if (form.accept(checkPlanDraft(draft))) form.submit((requestId) => savePlan(residentId, planId, buildPlanBody(draft, requestId, planId ? expectedVersion : null)));
  };

  if (saved) {
    return (
      <PageShell title="已保存" testId="page-doctor-medication-done" showProfile={false}>
        <AlertBox tone="success" title={planId ? '用药方案已修改（从今天起按新方案提醒）' : saved.created ? '用药方案已开具' : '这份方案之前已保存过'} message={saved.title} testId="medication-plan-saved" />
        {saved.lines.map((line) => (
          <Text key={line} className="pb-text">
            {line}
          </Text>
        ))}
        <BigButton type="primary" testId="medication-plan-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
          返回居民详情
        </BigButton>
      </PageShell>
    );
  }
  if (!loading.done || loading.error) {
    return (
      <PageShell title="用药方案" testId="page-doctor-medication" showProfile={false}>
        {loading.error ? <ErrorState message={loading.error} /> : <LoadingState />}
      </PageShell>
    );
  }

  const toggleTime = (time: string) => set({ times: draft.times.includes(time) ? draft.times.filter((t) => t !== time) : [...draft.times, time].sort() });
  return (
    <PageShell title={planId ? '修改用药方案' : '开具用药方案'} testId="page-doctor-medication" showProfile={false}>
      <Card title="药品" testId="medication-form-drug">
        {planId ? null : <ChipGroup label="常用（一键填写）" options={drugPresets} selected={[]} testId="medication-preset" onSelect={(key) => set(drugPresets.find((p) => p.key === key)?.patch ?? {})} />}
        <TextField label="药品名称" value={draft.drugName} maxLength={80} error={errors['drugName']} testId="medication-drug" onInput={(text) => set({ drugName: text })} />
        <TextField label="每次用量" value={draft.doseText} placeholder="如 1片、5mg" maxLength={60} error={errors['doseText']} testId="medication-dose" onInput={(text) => set({ doseText: text })} />
        <ChipGroup label="用于" options={conditionOptions} selected={draft.forCondition ? [draft.forCondition] : []} testId="medication-condition" onSelect={(key) => set({ forCondition: draft.forCondition === key ? null : key })} />
      </Card>
      <Card title="什么时候吃（到点提醒）" testId="medication-form-times">
        <ChipGroup label="可多选" options={timeOptions} selected={draft.times} testId="medication-time" onSelect={toggleTime} />
        {errors['times'] ? <Text className="pb-form-error">{errors['times']}</Text> : null}
      </Card>
      <Card title="吃多久" testId="medication-form-period">
        <DayChoice label="开始日期" value={draft.startedOn} options={[{ key: today, label: '今天' }]} valueText={formatCalendarDay(draft.startedOn)} error={errors['startedOn']} testId="medication-start" onChange={(day) => set({ startedOn: day || today })} />
        {draft.folateCourse ? (
          <Text className="pb-text">叶酸疗程 3 个月，到期后提醒复查同型半胱氨酸。</Text>
        ) : (
          <DayChoice label="停药日期（长期服用不填）" value={draft.endedOn} options={[]} start={draft.startedOn} valueText={formatCalendarDay(draft.endedOn)} error={errors['endedOn']} clearable testId="medication-end" onChange={(day) => set({ endedOn: day })} />
        )}
      </Card>
      <Card title="项目与处方" testId="medication-form-flags">
        <CheckRow checked={draft.programmeSubsidised} title="项目优惠药品" description="如依那普利叶酸片、氨氯地平叶酸片按优惠价" testId="medication-subsidised" onChange={(checked) => set({ programmeSubsidised: checked })} />
        <CheckRow checked={draft.longPrescription} title="长处方" description="一次开多周的药，药快吃完时提醒续药" testId="medication-long" onChange={(checked) => set({ longPrescription: checked })} />
        {draft.longPrescription ? (
          <View>
            <ChipGroup label="这次开了多久的药" options={daysSupplyOptions} selected={[String(draft.daysSupply)]} testId="medication-days-supply" onSelect={(key) => set({ daysSupply: Number(key) })} />
            <DayChoice label="取药日期" value={draft.lastDispensedOn} options={[{ key: today, label: '今天' }]} end={today} valueText={formatCalendarDay(draft.lastDispensedOn)} testId="medication-dispensed" onChange={(day) => set({ lastDispensedOn: day || today })} />
          </View>
        ) : null}
        <CheckRow checked={draft.folateCourse} title="5-甲基四氢叶酸疗程" description="3 个月，然后复查同型半胱氨酸" testId="medication-folate" onChange={(checked) => set({ folateCourse: checked, endedOn: '' })} />
        {draft.folateCourse ? <CheckRow checked={draft.freeCourse} title="项目免费疗程" testId="medication-free-course" onChange={(checked) => set({ freeCourse: checked })} /> : null}
        {planId ? <CheckRow checked={draft.stopped} title="停药" description="从今天起不再提醒" testId="medication-stop" onChange={(checked) => set({ stopped: checked })} /> : null}
      </Card>
      <Card title="医嘱（选填）">
        <TextField label="服用说明" value={draft.instructions} placeholder="如 饭后服用" maxLength={200} testId="medication-instructions" onInput={(text) => set({ instructions: text })} />
      </Card>
      <FormSubmit error={form.formError} loading={form.busy} testId="medication-plan" onSubmit={submit}>
        {planId ? '保存修改' : '开具用药方案'}
      </FormSubmit>
    </PageShell>
  );
}
