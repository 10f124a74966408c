import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, ErrorState, FormSubmit, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { useStaffForm } from '../../../hooks/useStaffForm';
import { buildRiskFactorsBody, loadResidentRisk, riskFactorOptions, riskFactorsDraftOf, saveRiskFactors, type RiskFactorsDraft, type RiskScreenView } from '../../../services/risk';
import { fieldByPrefix } from '../../../services/staffForms';
import '../doctor.scss';

const fieldOf = fieldByPrefix([
  ['smokingStatus', 'smokingStatus'],
  ['familyHistoryOfAscvd', 'familyHistoryOfAscvd'],
  ['areaType', 'areaType'],
  ['region', 'region'],
  ['ckdStage', 'ckdStage'],
]);

const groups: Array<{ key: keyof RiskFactorsDraft; label: string }> = [
  { key: 'smokingStatus', label: '吸烟' },
  { key: 'familyHistoryOfAscvd', label: '父母或兄弟姐妹得过心梗或脑卒中' },
  { key: 'areaType', label: '居住在' },
  { key: 'region', label: '居住地' },
  { key: 'ckdStage', label: '慢性肾脏病分期' },
];

/**
 * 登记风险因素: what the China-PAR risk and the lipid goal need beyond the measurements — smoking,
 * family history, urban or rural, north or south of the Yangtze, the CKD stage. Only what is chosen
 * is saved; the page then shows the recomputed risk.
 */
export default function RiskFactorsPage() {
  const residentId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadResidentRisk(residentId), [residentId]);
  const { state, reload } = useResource(load);
  const [draft, setDraft] = useState<RiskFactorsDraft | null>(null);
  const form = useStaffForm<{ view: RiskScreenView }>(fieldOf);
  const { errors, result: saved } = form;

  useEffect(() => {
    if (state.status === 'ready' && draft === null) setDraft(riskFactorsDraftOf(state.data.risk));
  }, [state, draft]);

  if (saved) {
    const v = saved.view;
    return (
      <PageShell title="已保存" testId="page-doctor-risk-factors-done" showProfile={false}>
        <AlertBox
          tone="success"
          title="风险因素已保存"
          message={v.tenYearText ? `10年心血管病风险 ${v.tenYearText}（${v.categoryLabel}）` : v.notApplicableText ?? `还缺：${v.missing.join('、')}`}
          testId="risk-factors-done"
        />
        <Text className="pb-text">血脂目标：{v.ldlGoalText}</Text>
        <View className="pb-stack">
          <BigButton type="primary" testId="risk-factors-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回居民详情
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title="登记风险因素" testId="page-doctor-risk-factors" showProfile={false}>
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && draft ? (
        <View>
          <Card>
            <Text className="pb-text">用于心血管病风险评估（China-PAR）和血脂目标。只保存选了的项目。</Text>
            {groups.map((g) => (
              <View key={g.key}>
                <ChipGroup
                  label={g.label}
                  options={riskFactorOptions[g.key]}
                  selected={draft[g.key] ? [String(draft[g.key])] : []}
                  testId={`risk-factor-${g.key}`}
                  onSelect={(key) => setDraft({ ...draft, [g.key]: key })}
                />
                {errors[g.key] ? <Text className="pb-form-error">{errors[g.key]}</Text> : null}
              </View>
            ))}
          </Card>
          <FormSubmit error={form.formError} loading={form.busy} testId="risk-factors" onSubmit={() => form.submit(() => saveRiskFactors(residentId, buildRiskFactorsBody(draft)))}>
            保存
          </FormSubmit>
        </View>
      ) : null}
    </PageShell>
  );
}
