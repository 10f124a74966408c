import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, DayChoice, ErrorState, FormSubmit, LoadingState, PageShell, TextField } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { formatCalendarDay } from '../../../services/displayTime';
import {
  bmiOf,
  buildFollowUpBody,
  checkFollowUpDraft,
  choicesFor,
  emptyFollowUpDraft,
  emptyMedication,
  loadFollowUpContext,
  followUpFieldOf,
  formKindOptions,
  modeOptions,
  nextVisitOptions,
  outcomeOptions,
  rowsFor,
  submitFollowUp,
  symptomOptions,
  todayInShanghai,
  toggleSymptom,
  visitDayOptions,
  type FollowUpDraft,
  type FollowUpFormKind,
  type FollowUpSavedView,
  type FollowUpSection,
} from '../../../services/followUpForm';
import { numberOf } from '../../../services/staffForms';
import { NumberRows } from '../components/NumberRows';
import '../doctor.scss';

/**
 * 记录随访: the 随访服务记录表 on a phone, section by section (方式 → 症状 → 体征 → 生活方式 → 用药 →
 * 分类 → 下次随访). Saved with a request id kept for the whole form, so a retry never records twice;
 * afterwards the resident's due items as the engine now sees them.
 */
export default function FollowUpFormPage() {
  const residentId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadFollowUpContext(residentId), [residentId]);
  const { state, reload } = useResource(load);
  const today = useMemo(() => todayInShanghai(), []);
  const [draft, setDraft] = useState<FollowUpDraft | null>(null);
  const form = useStaffForm<FollowUpSavedView>(followUpFieldOf);
  const { errors, result: saved } = form;

  if (state.status !== 'ready') {
    return (
      <PageShell testId="page-doctor-follow-up" showProfile={false}>
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}
      </PageShell>
    );
  }
  const resident = state.data;
  const d = draft ?? emptyFollowUpDraft(resident.form, today);
  const update = (patch: Partial<FollowUpDraft>) => setDraft({ ...d, ...patch });
  const setNumber = (key: string, text: string) => {
    form.clearError(key);
    update({ numbers: { ...d.numbers, [key]: text } });
  };
  const setChoice = (key: string, value: string) => {
    form.clearError(key);
    update({ choices: { ...d.choices, [key]: d.choices[key] === value ? '' : value } });
  };

  const choiceGroups = (section: FollowUpSection) =>
    choicesFor(d.form, section).map((c) => (
      <View key={c.key}>
        <ChipGroup label={c.label} options={c.options} selected={[d.choices[c.key] ?? '']} testId={`fu-${c.key}`} onSelect={(value) => setChoice(c.key, value)} />
        {errors[c.key] ? (
          <Text className="pb-form-error" data-testid={`fu-${c.key}-error`}>
            {errors[c.key]}
          </Text>
        ) : null}
      </View>
    ));

  const submit = () => {
    if (form.accept(checkFollowUpDraft(d, today))) form.submit((requestId) => submitFollowUp(residentId, buildFollowUpBody(d, requestId, resident.heightCm)));
  };

  if (saved) {
    return (
      <PageShell title="随访已保存" testId="page-doctor-follow-up-saved" showProfile={false}>
        <AlertBox tone="success" title={saved.created ? `已保存 ${resident.name} 的随访记录` : '这份随访记录之前已保存过'} message="签约居民会按规则获得随访积分，待办事项已更新。" testId="fu-saved" />
        <Card title="现在的待办" testId="fu-saved-due">
          {saved.due.length === 0 ? <Text className="pb-text">暂无待办。</Text> : null}
          {saved.due.map((item) => (
            <View key={item.key} className="pb-list-item" data-testid="fu-saved-due-item" data-key={item.key}>
              <Text className="pb-list-item__title">{item.title}</Text>
              <Text className={`pb-list-item__meta ${item.overdue ? 'pb-doc__attention' : ''}`}>{item.dueText}</Text>
            </View>
          ))}
        </Card>
        <View className="pb-stack">
          <BigButton type="primary" testId="fu-saved-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回居民详情
          </BigButton>
        </View>
      </PageShell>
    );
  }

  const weightNow = numberOf(d.numbers['weightNow'] ?? '');
  const bmi = bmiOf(weightNow, resident.heightCm);
  return (
    <PageShell title={`记录随访：${resident.name}`} testId="page-doctor-follow-up" showProfile={false}>
      <Card title="随访方式" testId="fu-basics">
        <ChipGroup label="随访表" options={formKindOptions} selected={[d.form]} testId="fu-form" onSelect={(key) => update({ form: key as FollowUpFormKind, symptoms: [] })} />
        <ChipGroup label="随访方式" options={modeOptions} selected={[d.mode]} testId="fu-mode" onSelect={(key) => update({ mode: key as FollowUpDraft['mode'] })} />
        <DayChoice label="随访日期" value={d.visitedOn} options={visitDayOptions(today)} end={today} valueText={formatCalendarDay(d.visitedOn)} error={errors['visitedOn']} testId="fu-visited" onChange={(day) => update({ visitedOn: day || today })} />
        <ChipGroup label="随访结果" options={outcomeOptions} selected={[d.outcome]} testId="fu-outcome" onSelect={(key) => update({ outcome: key as FollowUpDraft['outcome'] })} />
        {d.outcome === 'lostToFollowUp' ? <TextField label="失访原因" value={d.outcomeNote} maxLength={200} error={errors['outcomeNote']} testId="fu-outcome-note" onInput={(text) => update({ outcomeNote: text })} /> : null}
      </Card>

      {d.outcome === 'visited' ? (
        <View>
          <Card title="症状" testId="fu-symptoms">
            <ChipGroup options={symptomOptions[d.form]} selected={d.symptoms} testId="fu-symptom" onSelect={(key) => update({ symptoms: toggleSymptom(d.symptoms, key) })} />
            <TextField label="其他症状" value={d.symptomsOther} maxLength={200} testId="fu-symptoms-other" onInput={(text) => update({ symptomsOther: text })} />
          </Card>

          <Card title="体征" testId="fu-signs">
            <NumberRows rows={rowsFor(d.form, 'signs')} numbers={d.numbers} errors={errors} testId="fu" onChange={setNumber} />
            <Text className="pb-doc__meta" data-testid="fu-bmi">
              {bmi !== null ? `体质指数 BMI ${bmi}（按档案身高 ${resident.heightCm} cm 计算）` : resident.heightCm ? '填写体重后自动计算 BMI' : '档案中没有身高，不计算 BMI'}
            </Text>
            {choiceGroups('signs')}
          </Card>

          <Card title="生活方式指导（选填）" testId="fu-lifestyle">
            <NumberRows rows={rowsFor(d.form, 'lifestyle')} numbers={d.numbers} errors={errors} testId="fu" onChange={setNumber} />
            {choiceGroups('lifestyle')}
          </Card>

          <Card title="辅助检查（选填）" testId="fu-labs">
            <NumberRows rows={rowsFor(d.form, 'labs')} numbers={d.numbers} errors={errors} testId="fu" onChange={setNumber} />
          </Card>

          <Card title="用药" testId="fu-medication">
            {choiceGroups('medication')}
            <ChipGroup
              label="药物不良反应"
              options={[
                { key: 'no', label: '无' },
                { key: 'yes', label: '有' },
              ]}
              selected={[d.adverseReaction ? 'yes' : 'no']}
              testId="fu-adverse"
              onSelect={(key) => update({ adverseReaction: key === 'yes' })}
            />
            {d.adverseReaction ? <TextField label="不良反应描述" value={d.adverseReactionText} maxLength={200} error={errors['adverseReactionText']} testId="fu-adverse-text" onInput={(text) => update({ adverseReactionText: text })} /> : null}
            <Text className="pb-doc__number-label">用药情况</Text>
            {d.medications.map((m, index) => {
              const setMed = (patch: Partial<typeof m>) => update({ medications: d.medications.map((x, i) => (i === index ? { ...x, ...patch } : x)) });
              return (
                <View key={index} className="pb-doc__med" data-testid="fu-med">
                  <TextField label={`药物 ${index + 1} 名称`} value={m.drugName} maxLength={80} testId={`fu-med-${index}-name`} onInput={(text) => setMed({ drugName: text })} />
                  <View className="pb-doc__pair">
                    <View className="pb-doc__pair-item">
                      <TextField label="每日次数" value={m.timesPerDay} inputType="number" maxLength={2} testId={`fu-med-${index}-times`} onInput={(text) => setMed({ timesPerDay: text })} />
                    </View>
                    <View className="pb-doc__pair-item">
                      <TextField label="每次剂量（mg）" value={m.doseMg} inputType="digit" maxLength={8} testId={`fu-med-${index}-dose`} onInput={(text) => setMed({ doseMg: text })} />
                    </View>
                  </View>
                  {errors[`medication${index}`] ? <Text className="pb-form-error">{errors[`medication${index}`]}</Text> : null}
                  <Text className="pb-link" onClick={() => update({ medications: d.medications.filter((_, i) => i !== index) })}>
                    删除这种药
                  </Text>
                </View>
              );
            })}
            <BigButton type="secondary" testId="fu-med-add" onClick={() => update({ medications: [...d.medications, emptyMedication] })}>
              ＋ 添加药物
            </BigButton>
            <View className="pb-stack">
              <TextField label="用药调整意见" value={d.medicationAdjustment} maxLength={300} testId="fu-med-adjust" onInput={(text) => update({ medicationAdjustment: text })} />
            </View>
          </Card>

          <Card title="此次随访分类（必填）" testId="fu-classification-card">
            {choiceGroups('classification')}
          </Card>

          <Card title="转诊" testId="fu-referral-card">
            <ChipGroup
              options={[
                { key: 'no', label: '不需要转诊' },
                { key: 'yes', label: '需要转诊' },
              ]}
              selected={[d.referral ? 'yes' : 'no']}
              testId="fu-referral"
              onSelect={(key) => update({ referral: key === 'yes' })}
            />
            {d.referral ? (
              <View>
                <TextField label="转诊原因" value={d.referralReason} maxLength={200} testId="fu-referral-reason" onInput={(text) => update({ referralReason: text })} />
                <TextField label="转诊机构及科别" value={d.referralTo} maxLength={120} testId="fu-referral-to" onInput={(text) => update({ referralTo: text })} />
                {errors['referral'] ? <Text className="pb-form-error">{errors['referral']}</Text> : null}
              </View>
            ) : null}
          </Card>
        </View>
      ) : null}

      <Card title="下次随访与指导" testId="fu-next">
        <DayChoice
          label="下次随访日期"
          value={d.nextVisitOn}
          options={nextVisitOptions(d.visitedOn)}
          start={d.visitedOn}
          valueText={formatCalendarDay(d.nextVisitOn)}
          error={errors['nextVisitOn']}
          clearable
          testId="fu-next-visit"
          onChange={(day) => update({ nextVisitOn: day })}
        />
        <TextField label="健康指导" value={d.advice} maxLength={500} placeholder="如：低盐饮食，每日监测血压" testId="fu-advice" onInput={(text) => update({ advice: text })} />
        <TextField label="随访医生签名" value={d.doctorName} maxLength={40} testId="fu-doctor" onInput={(text) => update({ doctorName: text })} />
      </Card>

      <FormSubmit error={form.formError} loading={form.busy} testId="fu" onSubmit={submit}>
        保存随访记录
      </FormSubmit>
    </PageShell>
  );
}
