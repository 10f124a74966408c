import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Card, DoseList, NavRow } from '../../components';
import { isApiError, userMessageOf } from '../../services/errors';
import { loadToday, medicationRoutes, type TodayView } from '../../services/medication';
import { openPage } from '../../services/navigation';

export interface MedicationTodayCardProps {
  /** Changes whenever 首页 reloads, so the card reloads with it. */
  refreshToken: unknown;
}

/**
 * 首页 「今天要吃的药」: today's doses with one-tap 已服用 / 跳过, for the resident and family members
 * who may view (confirming needs 记录读数). Not shown when there is nothing to take today.
 */
export function MedicationTodayCard({ refreshToken }: MedicationTodayCardProps) {
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string; denied: boolean } | { status: 'ready'; data: TodayView }>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    loadToday()
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((error: unknown) => live && setState({ status: 'error', message: userMessageOf(error), denied: isApiError(error) && error.code === 'access_denied' }));
    return () => {
      live = false;
    };
  }, [refreshToken]);

  // Nothing to take today, or a family member who may not view it: no card.
  if (state.status === 'loading' || (state.status === 'ready' && state.data.doses.length === 0) || (state.status === 'error' && state.denied)) return null;
  return (
    <Card title="今天要吃的药" testId="home-medication">
      {state.status === 'error' ? <Text className="pb-muted">{state.message}</Text> : null}
      {state.status === 'ready' ? (
        <View>
          <DoseList
            doses={state.data.doses}
            canRecord={state.data.canRecord}
            testId="home-dose"
            onRecorded={(saved) => setState({ status: 'ready', data: { ...state.data, doses: state.data.doses.map((d) => (d.doseKey === saved.doseKey ? saved : d)) } })}
          />
          {state.data.poorAdherence ? (
            <Text className="pb-muted" data-testid="home-medication-adherence">
              最近常有没按时吃的药
            </Text>
          ) : null}
        </View>
      ) : null}
      <NavRow title="吃药记录" description="按时服药情况、用药方案、开启微信提醒" testId="home-medication-more" onClick={() => openPage(medicationRoutes.today)} />
    </Card>
  );
}
