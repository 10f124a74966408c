import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useMemo, useState } from 'react';
import { AlertBox, BigButton, Card, ChipGroup, DayChoice, ErrorState, FormSubmit, InfoRow, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { useStaffForm } from '../../../hooks/useStaffForm';
import {
  checkContractDraft,
  contractFieldOf,
  emptyContractDraft,
  packageItemsText,
  packageOptions,
  periodEnd,
  periodYearsOptions,
  signContract,
  suggestedPackage,
  type ContractDraft,
  type ContractSignedView,
} from '../../../services/clinicEntries';
import { loadResidentDetail } from '../../../services/doctorResident';
import { formatCalendarDay } from '../../../services/displayTime';
import { todayInShanghai } from '../../../services/followUpForm';
import type { ServicePackage } from '../../../../shared/records/servicePackages';
import '../doctor.scss';

/** 签约 / 续约: service package and period; a renewal starts the day after the current contract ends. */
export default function ContractPage() {
  const residentId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadResidentDetail(residentId), [residentId]);
  const { state, reload } = useResource(load);
  const today = useMemo(() => todayInShanghai(), []);
  const [draft, setDraft] = useState<ContractDraft | null>(null);
  const form = useStaffForm<ContractSignedView>(contractFieldOf);
  const { errors, result: signed } = form;

  if (state.status !== 'ready') {
    return (
      <PageShell testId="page-doctor-contract" showProfile={false}>
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}
      </PageShell>
    );
  }
  const r = state.data;
  const current = r.contract && r.contract.status !== 'terminated' ? { contractId: r.contract.contractId, endsOn: r.contract.endsOn } : null;
  const initial = emptyContractDraft(today, current, suggestedPackage(r.conditions, r.ageYears));
  const d = draft ?? initial;
  const years = periodYearsOptions.map((o) => Number(o.key)).find((y) => periodEnd(d.startsOn, y) === d.endsOn);

  const submit = () => {
    if (form.accept(checkContractDraft(d, today), '请先改正标红的项目')) form.submit((requestId) => signContract(residentId, d, requestId));
  };

  if (signed) {
    return (
      <PageShell title={signed.renewal ? '续约成功' : '签约成功'} testId="page-doctor-contract-done" showProfile={false}>
        <AlertBox tone="success" title={`${r.name}：${signed.packageName}`} message={`${signed.periodText}。居民会按规则获得${signed.renewal ? '续约' : '签约'}积分。`} testId="contract-done" />
        <View className="pb-stack">
          <BigButton type="primary" testId="contract-back" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回居民详情
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell title={`${current ? '续约' : '签约'}：${r.name}`} testId="page-doctor-contract" showProfile={false}>
      {r.contract ? (
        <Card title="目前的签约" testId="contract-current">
          <InfoRow label="服务包" value={r.contract.packageName} />
          <InfoRow label="期限" value={r.contract.periodText} />
          <InfoRow label="状态" value={r.contract.statusText} />
        </Card>
      ) : null}
      <Card title="服务包" testId="contract-package-card">
        <ChipGroup options={packageOptions} selected={[d.servicePackage]} testId="contract-package" onSelect={(key) => setDraft({ ...d, servicePackage: key as ServicePackage })} />
        {d.servicePackage ? <Text className="pb-doc__meta">包含：{packageItemsText(d.servicePackage)}</Text> : null}
        {errors['servicePackage'] ? <Text className="pb-form-error">{errors['servicePackage']}</Text> : null}
      </Card>
      <Card title="期限" testId="contract-period">
        <DayChoice
          label="开始日期"
          value={d.startsOn}
          options={[{ key: initial.startsOn, label: initial.startsOn === today ? '今天' : '原签约到期次日' }]}
          valueText={formatCalendarDay(d.startsOn)}
          error={errors['startsOn']}
          testId="contract-starts"
          onChange={(day) => day && setDraft({ ...d, startsOn: day, endsOn: periodEnd(day, years ?? 1) })}
        />
        <ChipGroup label="签约时长" options={periodYearsOptions} selected={years ? [String(years)] : []} testId="contract-years" onSelect={(key) => setDraft({ ...d, endsOn: periodEnd(d.startsOn, Number(key)) })} />
        <InfoRow label="结束日期" value={formatCalendarDay(d.endsOn)} testId="contract-ends" />
        {errors['endsOn'] ? <Text className="pb-form-error">{errors['endsOn']}</Text> : null}
      </Card>
      <FormSubmit error={form.formError} loading={form.busy} testId="contract" onSubmit={submit}>
        {current ? '确认续约' : '确认签约'}
      </FormSubmit>
    </PageShell>
  );
}
