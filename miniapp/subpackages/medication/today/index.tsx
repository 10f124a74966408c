import { Text } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, DoseList, EmptyState, ErrorState, LoadingState, NavRow, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { platform } from '../../../platform';
import { userMessageOf } from '../../../services/errors';
import { loadToday, medicationRoutes, type AdherenceLine, type DoseRowView } from '../../../services/medication';
import { openPage } from '../../../services/navigation';
import { useActiveProfile } from '../../../state/activeProfile';
import { AdherenceLines } from '../components/AdherenceLines';
import '../medication.scss';

/**
 * 今天要吃的药: every dose of today with 已服用 / 跳过 (the resident, or family with 记录读数), how
 * regularly the medicines were taken (近30天 / 近90天), 开启微信服药提醒, and the plans. Reminders
 * open this page.
 */
export default function MedicationTodayPage() {
  const { state, reload } = useResource(loadToday);
  const profile = useActiveProfile();
  const [doses, setDoses] = useState<DoseRowView[] | null>(null);
  const [adherence, setAdherence] = useState<AdherenceLine[] | null>(null);
  const [reminders, setReminders] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const enableReminders = (templateId: string) => {
    setReminders(null);
    platform
      .requestSubscribeMessage([templateId])
      .then((result) => setReminders(result[templateId] === 'accept' ? { tone: 'success', text: '已开启：到了吃药时间会通过微信提醒（夜间不打扰）' } : { tone: 'error', text: '没有开启微信提醒；小程序里的提醒照常显示' }))
      .catch((cause: unknown) => setReminders({ tone: 'error', text: userMessageOf(cause) }));
  };

  if (state.status !== 'ready') {
    return (
      <PageShell title="今天要吃的药" testId="page-medication-today">
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : <LoadingState />}
      </PageShell>
    );
  }
  const view = state.data;
  const shown = doses ?? view.doses;
  const lines = adherence ?? view.adherence;
  return (
    <PageShell title="今天要吃的药" testId="page-medication-today">
      <Card title={`今天 ${view.dayText}`} testId="medication-today">
        {shown.length === 0 ? <EmptyState title="今天没有要吃的药" description="医生开了药以后，这里会按时间列出来" testId="medication-today-empty" /> : null}
        <DoseList
          doses={shown}
          canRecord={view.canRecord}
          onRecorded={(saved, next) => {
            setDoses(shown.map((d) => (d.doseKey === saved.doseKey ? saved : d)));
            setAdherence(next);
          }}
        />
        {!view.canRecord && shown.length > 0 ? <Text className="pb-muted">您可以查看；记录服药需要家人授权“记录读数”。</Text> : null}
      </Card>

      <Card title="按时服药情况" testId="medication-adherence">
        <AdherenceLines lines={lines} />
        {lines[0]?.poor ? <AlertBox tone="warning" message="最近常有没按时吃的药。有困难（忘记、不舒服、药吃完了）请告诉家庭医生。" testId="medication-adherence-poor" /> : null}
      </Card>

      {shown.length > 0 ? (
        <Card title="服药提醒" testId="medication-reminders">
          {profile?.relation === 'proxy' ? (
            // The reminder goes to the resident's own WeChat: a relative's subscription would reach no one.
            <Text className="pb-text" data-testid="medication-reminders-relative">
              到了吃药时间，「提醒」里会显示（您也能看到）。微信消息发给{profile.name}本人，需要在{profile.name}的手机上开启。
            </Text>
          ) : (
            <>
              <Text className="pb-text">到了吃药时间，小程序会提醒您；开启后微信也会发消息（晚上 10 点到早上 7 点不发）。</Text>
              <BigButton type="secondary" testId="medication-reminders-enable" onClick={() => enableReminders(view.reminderTemplateId)}>
                开启微信服药提醒
              </BigButton>
              {reminders ? <AlertBox tone={reminders.tone} message={reminders.text} testId="medication-reminders-result" /> : null}
            </>
          )}
        </Card>
      ) : null}

      <Card>
        <NavRow title="用药方案" description="每种药怎么吃、吃到哪天、续药和复查" testId="medication-plans-link" onClick={() => openPage(medicationRoutes.plans)} />
      </Card>
    </PageShell>
  );
}
