import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, DayChoice, FormSubmit, PageShell, TextField } from '../../../components';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { formatCalendarDay } from '../../../services/displayTime';
import { todayInShanghai } from '../../../services/followUpForm';
import { planKindOptions, recordVisit, settingOptions, type SpecialistVisitBody } from '../../../services/specialist';
import { fieldByPrefix, type FieldErrors } from '../../../services/staffForms';
import { addCalendarDays, addCalendarMonths } from '../../../../shared/time/shanghai';
import type { PlanChangeKind, VisitSetting } from '../../../../shared/comanagement/labels';
import '../../doctor/doctor.scss';

interface Draft {
  specialistName: string;
  department: string;
  setting: VisitSetting | '';
  findings: string;
  diagnosisReview: string;
  planChanges: Array<{ kind: PlanChangeKind | ''; text: string }>;
  adviceToTeam: string;
  adviceToResident: string;
  nextReviewOn: string;
}

const empty: Draft = { specialistName: '', department: '', setting: '', findings: '', diagnosisReview: '', planChanges: [], adviceToTeam: '', adviceToResident: '', nextReviewOn: '' };

const fieldOf = fieldByPrefix([
  ['specialistName', 'specialistName'],
  ['department', 'department'],
  ['setting', 'setting'],
  ['visitedOn', 'visitedOn'],
  ['findings', 'findings'],
  ['diagnosisReview', 'diagnosisReview'],
  ['planChanges', 'planChanges'],
  ['adviceToTeam', 'adviceToTeam'],
  ['adviceToResident', 'adviceToResident'],
  ['nextReviewOn', 'nextReviewOn'],
]);

function problemsOf(d: Draft): FieldErrors {
  const errors: FieldErrors = {};
  if (!d.specialistName.trim()) errors['specialistName'] = '请填写您的姓名';
  if (!d.setting) errors['setting'] = '请选择接诊方式';
  if (!d.findings.trim()) errors['findings'] = '请填写病情与检查所见';
  if (!d.adviceToResident.trim()) errors['adviceToResident'] = '请用通俗的话写给居民的建议';
  if (d.planChanges.some((c) => !c.kind || !c.text.trim())) errors['planChanges'] = '每条方案调整都要选类别并写明内容';
  return errors;
}

/**
 * 接诊服务记录单: where the specialist saw the resident (online, outreach rounds, a clinic session),
 * findings, diagnosis review, plan changes, advice to the team and — in plain words — to the
 * resident, and the next review. Saved once per form (the request id survives a retry).
 */
export default function SpecialistVisitPage() {
  const residentId = useRouter().params['id'] ?? '';
  const today = useMemo(() => todayInShanghai(), []);
  const [d, setDraft] = useState<Draft>(empty);
  const form = useStaffForm<{ adviceToResident: string }>(fieldOf);
  const { errors } = form;
  const set = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });

  const submit = () => {
    if (!form.accept(problemsOf(d))) return;
    const body: SpecialistVisitBody = {
      clientRequestId: '',
      specialistName: d.specialistName.trim(),
      setting: d.setting as VisitSetting,
      visitedOn: today,
      findings: d.findings.trim(),
      planChanges: d.planChanges.map((c) => ({ kind: c.kind as PlanChangeKind, text: c.text.trim() })),
      adviceToResident: d.adviceToResident.trim(),
      ...(d.department.trim() ? { department: d.department.trim() } : {}),
      ...(d.diagnosisReview.trim() ? { diagnosisReview: d.diagnosisReview.trim() } : {}),
      ...(d.adviceToTeam.trim() ? { adviceToTeam: d.adviceToTeam.trim() } : {}),
      ...(d.nextReviewOn ? { nextReviewOn: d.nextReviewOn } : {}),
    };
    form.submit((clientRequestId) => recordVisit(residentId, { ...body, clientRequestId }));
  };

  if (form.result) {
    return (
      <PageShell title="已保存" testId="page-specialist-visit-done" showProfile={false}>
        <AlertBox tone="success" title="接诊服务记录单已保存" message="家庭医生团队会在居民页面和工作通知里看到；居民会收到您的建议。" testId="visit-saved" />
        <View className="pb-stack">
          <BigButton type="primary" testId="visit-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="接诊服务记录单" testId="page-specialist-visit" showProfile={false}>
      <Card title="接诊">
        <TextField label="专科医生" value={d.specialistName} maxLength={30} error={errors['specialistName']} testId="visit-name" onInput={(v) => set({ specialistName: v })} />
        <TextField label="科室（可不填）" value={d.department} maxLength={30} testId="visit-department" onInput={(v) => set({ department: v })} />
        <ChipGroup label="接诊方式" options={settingOptions} selected={d.setting ? [d.setting] : []} testId="visit-setting" onSelect={(key) => set({ setting: key as VisitSetting })} />
        {errors['setting'] ? <Text className="pb-form-error">{errors['setting']}</Text> : null}
        <Text className="pb-muted">接诊日期：{formatCalendarDay(today)}</Text>
      </Card>
      <Card title="所见与诊断">
        <TextField label="病情与检查所见" value={d.findings} maxLength={1000} error={errors['findings']} testId="visit-findings" onInput={(v) => set({ findings: v })} />
        <TextField label="诊断复核（可不填）" value={d.diagnosisReview} maxLength={500} testId="visit-diagnosis" onInput={(v) => set({ diagnosisReview: v })} />
      </Card>
      <Card title="方案调整" testId="visit-plan">
        {d.planChanges.map((c, i) => (
          <View key={i} className="pb-doc__med" data-testid={`visit-plan-${i}`}>
            <ChipGroup options={planKindOptions} selected={c.kind ? [c.kind] : []} testId={`visit-plan-${i}-kind`} onSelect={(key) => set({ planChanges: d.planChanges.map((p, j) => (j === i ? { ...p, kind: key as PlanChangeKind } : p)) })} />
            <TextField label="调整内容" value={c.text} maxLength={200} testId={`visit-plan-${i}-text`} onInput={(v) => set({ planChanges: d.planChanges.map((p, j) => (j === i ? { ...p, text: v } : p)) })} />
          </View>
        ))}
        {errors['planChanges'] ? <Text className="pb-form-error">{errors['planChanges']}</Text> : null}
        {d.planChanges.length < 10 ? (
          <BigButton type="secondary" testId="visit-plan-add" onClick={() => set({ planChanges: [...d.planChanges, { kind: '', text: '' }] })}>
            添加一条方案调整
          </BigButton>
        ) : null}
      </Card>
      <Card title="建议">
        <TextField label="给家庭医生团队的建议（可不填）" value={d.adviceToTeam} maxLength={500} testId="visit-advice-team" onInput={(v) => set({ adviceToTeam: v })} />
        <TextField label="给居民的建议（用通俗的话）" value={d.adviceToResident} maxLength={500} error={errors['adviceToResident']} testId="visit-advice-resident" onInput={(v) => set({ adviceToResident: v })} />
        <DayChoice
          label="下次专科复诊"
          value={d.nextReviewOn}
          clearable
          options={[
            { key: addCalendarDays(today, 14), label: '2周后' },
            { key: addCalendarMonths(today, 1), label: '1个月后' },
            { key: addCalendarMonths(today, 3), label: '3个月后' },
          ]}
          start={addCalendarDays(today, 1)}
          valueText={d.nextReviewOn ? formatCalendarDay(d.nextReviewOn) : ''}
          error={errors['nextReviewOn']}
          testId="visit-next-review"
          onChange={(day) => set({ nextReviewOn: day })}
        />
      </Card>
      <FormSubmit error={form.formError} loading={form.busy} testId="visit" onSubmit={submit}>
        保存接诊服务记录单
      </FormSubmit>
    </PageShell>
  );
}
