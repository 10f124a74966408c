import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { AlertBox, Card, EmptyState, ErrorState, InfoRow, LoadingState, NavRow, PageShell, Points } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { platform } from '../../../platform';
import { acknowledgeAlert, closeAlert, revealPhone } from '../../../services/doctorAlerts';
import { loadResidentDetail, printStatement } from '../../../services/doctorResident';
import { doctorRoutes, residentPage } from '../../../services/staffRoutes';
import { userMessageOf } from '../../../services/errors';
import { protectedFileOutcomeText } from '../../../services/fileExport';
import { openPage } from '../../../services/navigation';
import { loadResidentRisk } from '../../../services/risk';
import { AlertBlock } from './AlertBlock';
import { MedicationBlock } from './MedicationBlock';
import { ComanageCard } from './ComanageCard';
import { PhoneReveal } from './PhoneReveal';
import '../doctor.scss';

type Busy = { alertId: string; action: 'acknowledge' | 'phone' | 'close' } | { alertId: null; action: 'phone' | 'print' } | null;

/**
 * One resident of the team: who they are, the alerts still open (确认收到 → 拨打电话 → 关闭), the
 * cardiovascular risk and the lipid goal it sets, what is due, the latest values and follow-ups, and
 * the doctor's entries (随访, 签约, 筛查, 风险因素, 代办人, 打印).
 */
export default function ResidentDetailPage() {
  const residentId = useRouter().params['id'] ?? '';
  const load = useCallback(() => loadResidentDetail(residentId), [residentId]);
  const { state, reload } = useResource(load);
  const loadRisk = useCallback(() => loadResidentRisk(residentId).then((r) => r.view), [residentId]);
  const risk = useResource(loadRisk);
  const [busy, setBusy] = useState<Busy>(null);
  const [phones, setPhones] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [printed, setPrinted] = useState<string | null>(null);

  // Back from a form (follow-up saved, contract signed): fresh figures and due items.
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    setNotice(null);
    reload();
    risk.reload();
  });

  const run = (next: Busy, key: string, work: () => Promise<string | null>) => {
    setBusy(next);
    setErrors((e) => ({ ...e, [key]: '' }));
    setNotice(null);
    work()
      .then((done) => done && setNotice({ tone: 'success', text: done }))
      .catch((cause: unknown) => setErrors((e) => ({ ...e, [key]: userMessageOf(cause) })))
      .finally(() => setBusy(null));
  };

  const call = (alertId: string | null) =>
    run(alertId ? { alertId, action: 'phone' } : { alertId: null, action: 'phone' }, alertId ?? 'resident', async () => {
      const phone = await revealPhone(residentId, alertId);
      setPhones((p) => ({ ...p, [alertId ?? 'resident']: phone }));
      if (platform.kind === 'weapp') await platform.makePhoneCall(phone.replace(/[^\d+]/g, ''));
      return null;
    });

  const acknowledge = (alertId: string) =>
    run({ alertId, action: 'acknowledge' }, alertId, async () => {
      await acknowledgeAlert(alertId);
      reload();
      return '已确认收到预警，请尽快联系居民';
    });

  const close = (alertId: string, note: string) =>
    run({ alertId, action: 'close' }, alertId, async () => {
      await closeAlert(alertId, note);
      reload();
      return '预警已关闭，处理说明已记录';
    });

  const print = (name: string) =>
    run({ alertId: null, action: 'print' }, 'print', async () => {
      setPrinted(null);
      const outcome = await printStatement(residentId, name);
      setPrinted(protectedFileOutcomeText(outcome, '积分明细 PDF '));
      return null;
    });

  if (state.status !== 'ready') {
    return (
      <PageShell testId="page-doctor-resident" showProfile={false}>
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} testId="resident-error" /> : <LoadingState />}
      </PageShell>
    );
  }

  const r = state.data;
  const go = (route: string) => openPage(residentPage(route, residentId));
  return (
    <PageShell title={r.name} testId="page-doctor-resident" showProfile={false}>
      {notice ? <AlertBox tone={notice.tone} message={notice.text} testId="resident-notice" /> : null}

      <Card testId="resident-summary">
        <InfoRow label="性别年龄" value={r.sexAgeText ?? '—'} testId="resident-sex-age" />
        <InfoRow label="病种" value={r.conditionsText} testId="resident-conditions" />
        {r.hTypeNote ? <InfoRow label="提示" value={r.hTypeNote} /> : null}
        <InfoRow label="身份证号" value={r.idNumberMasked} />
        <InfoRow label="手机号" value={r.phoneMasked ?? '未登记'} testId="resident-phone-masked" />
        <InfoRow label="签约" value={r.contract ? `${r.contract.packageName}（${r.contract.statusText}）` : '未签约'} testId="resident-contract" />
        {r.contract ? <InfoRow label="签约期限" value={r.contract.periodText} /> : null}
        {r.balancePoints !== null ? (
          <View className="pb-info-row">
            <Text className="pb-info-row__label">存折积分</Text>
            <Points points={r.balancePoints} testId="resident-points" />
          </View>
        ) : null}
        {r.phoneMasked && r.alerts.length === 0 ? (
          <View>
            <NavRow title="拨打电话" description="查看完整手机号会留痕" testId="resident-call" onClick={() => call(null)} />
            {phones['resident'] ? <PhoneReveal phone={phones['resident']} testId="resident-phone" /> : null}
            {errors['resident'] ? <AlertBox tone="error" message={errors['resident']} /> : null}
          </View>
        ) : null}
      </Card>

      {r.alerts.length > 0 ? (
        <Card title={`预警 ${r.alerts.length} 条待处理`} testId="resident-alerts">
          {r.alerts.map((alert) => (
            <AlertBlock
              key={alert.alertId}
              alert={alert}
              phone={phones[alert.alertId] ?? null}
              busy={busy && busy.alertId === alert.alertId ? busy.action : null}
              error={errors[alert.alertId] || null}
              onAcknowledge={() => acknowledge(alert.alertId)}
              onCall={() => call(alert.alertId)}
              onClose={(note) => close(alert.alertId, note)}
            />
          ))}
        </Card>
      ) : null}

      <Card title="办理" testId="resident-actions">
        <NavRow title="记录随访" description="随访服务记录表：方式、症状、体征、用药、分类" testId="resident-follow-up" onClick={() => go(doctorRoutes.followUp)} />
        <NavRow title={r.contract ? '续约' : '签约'} description="选择服务包和期限" testId="resident-contract-action" onClick={() => go(doctorRoutes.contract)} />
        <NavRow title="录入筛查 / 检验" description="血压、血糖、血脂、同型半胱氨酸、腰围、肾功能、眼底和足部检查" testId="resident-screening" onClick={() => go(doctorRoutes.screening)} />
        <NavRow title="当面核验代办人" description="没有手机的居民，由家属现场核验后代办" testId="resident-proxy" onClick={() => go(doctorRoutes.proxy)} />
        <NavRow title="打印存折明细" description="积分每一笔和余额，PDF" testId="resident-print" onClick={() => print(r.name)} />
        {busy?.action === 'print' ? <LoadingState text="正在生成 PDF…" /> : null}
        {printed ? <AlertBox tone="success" message={printed} testId="resident-print-notice" /> : null}
        {errors['print'] ? <AlertBox tone="error" message={errors['print']} testId="resident-print-error" /> : null}
      </Card>

      <Card title="心血管病风险" testId="resident-risk">
        {risk.state.status === 'loading' ? <LoadingState /> : null}
        {risk.state.status === 'error' ? <ErrorState message={risk.state.message} onRetry={risk.reload} /> : null}
        {risk.state.status === 'ready' ? (
          <View>
            {risk.state.data.tenYearText ? (
              <InfoRow label="10年风险" value={`${risk.state.data.tenYearText}（${risk.state.data.categoryLabel}）`} testId="resident-risk-ten-year" />
            ) : null}
            {risk.state.data.idealText ? <Text className="pb-list-item__meta">{risk.state.data.idealText}</Text> : null}
            {risk.state.data.changes[0] ? <InfoRow label="最有效" value={`${risk.state.data.changes[0].text}：${risk.state.data.changes[0].resultText}`} /> : null}
            {risk.state.data.lifetimeText ? <Text className="pb-list-item__meta">{risk.state.data.lifetimeText}</Text> : null}
            {risk.state.data.notApplicableText ? <Text className="pb-list-item__meta">{risk.state.data.notApplicableText}</Text> : null}
            {risk.state.data.missing.length > 0 ? <Text className="pb-list-item__meta" data-testid="resident-risk-missing">还缺：{risk.state.data.missing.join('、')}</Text> : null}
            <InfoRow label="血脂目标" value={risk.state.data.ldlGoalText} testId="resident-risk-ldl-goal" />
            <Text className="pb-list-item__meta">{risk.state.data.ldlGoalBasisText}</Text>
            {risk.state.data.ldlStatusText ? <Text className={`pb-list-item__meta ${risk.state.data.ldlAtGoal === false ? 'pb-doc__attention' : ''}`}>{risk.state.data.ldlStatusText}</Text> : null}
          </View>
        ) : null}
        <NavRow title="登记风险因素" description="吸烟、家族史、城市/农村、南北方、慢性肾病分期" testId="resident-risk-factors" onClick={() => go(doctorRoutes.riskFactors)} />
      </Card>
      <MedicationBlock residentId={residentId} refreshToken={state.data} />

      <ComanageCard residentId={residentId} refreshToken={state.data} />

      <Card title="待办" testId="resident-due">
        {r.due.length === 0 ? <Text className="pb-text">暂无待办。</Text> : null}
        {r.due.map((d) => (
          <View key={d.key} className="pb-list-item" data-testid="resident-due-item" data-key={d.key}>
            <Text className="pb-list-item__title">{d.title}</Text>
            <Text className={`pb-list-item__meta ${d.overdue ? 'pb-doc__attention' : ''}`}>{d.dueText}</Text>
          </View>
        ))}
      </Card>

      <Card title="最近测量" testId="resident-readings">
        {r.readings.length === 0 ? <EmptyState title="还没有测量记录" /> : null}
        {r.readings.map((reading) => (
          <View key={reading.measure} className="pb-list-item">
            <Text className={`pb-list-item__title ${reading.urgent ? 'pb-doc__attention' : ''}`}>
              {reading.title} {reading.valueText}
            </Text>
            <Text className="pb-list-item__meta">{reading.meta}</Text>
          </View>
        ))}
      </Card>

      <Card title="最近随访" testId="resident-follow-ups">
        {r.followUps.length === 0 ? <Text className="pb-text">还没有随访记录。</Text> : null}
        {r.followUps.map((f) => (
          <View key={f.followUpId} className="pb-list-item" data-testid="resident-follow-up-item">
            <Text className="pb-list-item__title">{f.title}</Text>
            {f.classificationText ? <Text className={f.attention ? 'pb-doc__attention' : 'pb-doc__good'}>{f.classificationText}</Text> : null}
            {f.meta ? <Text className="pb-list-item__meta">{f.meta}</Text> : null}
          </View>
        ))}
      </Card>

      {r.labs.length > 0 ? (
        <Card title="最近筛查与检验" testId="resident-labs">
          {r.labs.map((lab) => (
            <View key={lab.id} className="pb-list-item">
              <Text className="pb-list-item__title">{lab.dateText}</Text>
              <Text className="pb-list-item__meta">{lab.lines.join('，')}</Text>
            </View>
          ))}
        </Card>
      ) : null}
    </PageShell>
  );
}
