import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BigButton, Card, NavRow } from '../../../components';
import { doctorRoutes, residentPage } from '../../../services/staffRoutes';
import { loadResidentMedication, type ResidentMedicationView } from '../../../services/doctorMedication';
import { userMessageOf } from '../../../services/errors';
import { openPage } from '../../../services/navigation';

/** 用药: how regularly the resident takes their medicines, each plan, and 开具 / 修改. */
export function MedicationBlock(props: { residentId: string; refreshToken: unknown }) {
  const { residentId, refreshToken } = props;
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ResidentMedicationView }>({ status: 'loading' });
  // A new refreshToken each time the page reloads (back from the form): load again.
  useEffect(() => {
    let live = true;
    loadResidentMedication(residentId)
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((cause: unknown) => live && setState({ status: 'error', message: userMessageOf(cause) }));
    return () => {
      live = false;
    };
  }, [residentId, refreshToken]);
  const planPage = residentPage(doctorRoutes.medication, residentId);
  return (
    <Card title="用药" testId="resident-medication">
      {state.status === 'error' ? <Text className="pb-muted">{state.message}</Text> : null}
      {state.status === 'ready' ? (
        <View>
          {state.data.adherence.map((line) => (
            <Text key={line.title} className={line.poor ? 'pb-doc__attention' : 'pb-text'} data-testid="resident-adherence">
              {line.title}按时服药 {line.percentText}（{line.detailText}）
            </Text>
          ))}
          {state.data.plans.map((plan) => (
            <View key={plan.planId} className="pb-list-item" data-testid="resident-plan">
              <Text className="pb-list-item__title">{plan.stopped ? `${plan.title}（已停药）` : plan.title}</Text>
              {plan.lines.slice(0, 2).map((line) => (
                <Text key={line} className="pb-list-item__meta">
                  {line}
                </Text>
              ))}
              {plan.editable && !plan.stopped ? (
                <BigButton type="secondary" testId="resident-plan-edit" onClick={() => openPage(`${planPage}&planId=${encodeURIComponent(plan.planId)}`)}>
                  修改或停药
                </BigButton>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
      <NavRow title="开具用药方案" description="药品、用量、服药时间（到点提醒）、长处方、叶酸疗程" testId="resident-plan-new" onClick={() => openPage(planPage)} />
    </Card>
  );
}
