import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { CallTeamButton, Card, UrgentPlan } from '../../components';
import { platform } from '../../platform';
import { loadUrgentStatus, type CareView } from '../../services/careLoop';
import { userMessageOf } from '../../services/errors';
import './care.scss';

export interface UrgentCareCardProps {
  /** Changes whenever 首页 reloads, so the card reloads with it. */
  refreshToken: unknown;
}

const toneTitles = { urgent: '⚠', waiting: '✓', done: '✓' } as const;

/**
 * 首页's care card. While the team has not acknowledged an urgent reading: a red banner with the
 * severity, what to do now, 拨打120 and 联系家庭医生. Then the acknowledgement (who, when), later
 * the closing note. Otherwise the one big 联系家庭医生 button. The same for a relative looking at
 * the resident, in the resident's name.
 */
export function UrgentCareCard(props: UrgentCareCardProps) {
  const { refreshToken } = props;
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: CareView }>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    loadUrgentStatus()
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((error: unknown) => live && setState({ status: 'error', message: userMessageOf(error) }));
    return () => {
      live = false;
    };
  }, [refreshToken]);

  if (state.status !== 'ready') return state.status === 'error' ? <Text className="pb-muted">{state.message}</Text> : null;
  const { banner, team } = state.data;
  const call120 = () => void platform.makePhoneCall('120');
  const callTeam = (phone: string) => void platform.makePhoneCall(phone);

  if (!banner) {
    return team ? (
      <Card title="我的家庭医生" testId="home-team">
        <CallTeamButton team={team} testId="home-call-team" onCall={callTeam} />
      </Card>
    ) : null;
  }
  return (
    <View className={`pb-care pb-care--${banner.tone}`} data-testid="home-urgent-banner" data-state={banner.tone} data-alert-id={banner.alertId} role={banner.tone === 'urgent' ? 'alert' : 'status'}>
      <Text className="pb-care__title" data-testid="home-urgent-title">
        {toneTitles[banner.tone]} {banner.title}
      </Text>
      <Text className="pb-care__reading" data-testid="home-urgent-reading">
        {banner.readingText}
      </Text>
      <Text className="pb-care__status" data-testid="home-urgent-status">
        {banner.statusText}
      </Text>
      {banner.closeNoteText ? (
        <Text className="pb-care__note" data-testid="home-urgent-note">
          {banner.closeNoteText}
        </Text>
      ) : null}
      <UrgentPlan steps={banner.steps} call120Symptoms={banner.call120Symptoms} team={team} showCall120={banner.showCall120} actionsFirst testId="home-urgent-plan" onCall120={call120} onCallTeam={callTeam} />
    </View>
  );
}

export default UrgentCareCard;
