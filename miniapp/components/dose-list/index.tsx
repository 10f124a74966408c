import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import './index.scss';
import { AlertBox } from '../alert-box';
import { BigButton } from '../big-button';
import { ChipGroup } from '../chip-group';
import type { SkipReason } from '../../../shared/medication/labels';
import { userMessageOf } from '../../services/errors';
import { recordDose, skipReasonOptions, type AdherenceLine, type DoseRowView } from '../../services/medication';

export interface DoseListProps {
  doses: DoseRowView[];
  canRecord: boolean;
  /** After a tap was saved: the dose as it is now and the new adherence. */
  onRecorded: (dose: DoseRowView, adherence: AdherenceLine[]) => void;
  /** Before a tap is sent (e.g. to ask WeChat for the next reminder). */
  onTap?: () => void;
  testId?: string;
}

/**
 * Today's doses with one tap each: 已服用, or 跳过 then the reason. A dose whose time has passed
 * unconfirmed stays here, in red, until the day is over.
 */
export function DoseList(props: DoseListProps) {
  const { doses, canRecord, onRecorded, onTap, testId = 'dose' } = props;
  const [skipping, setSkipping] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ doseKey: string; text: string } | null>(null);

  const send = (dose: DoseRowView, status: 'taken' | 'skipped', skipReason?: SkipReason) => {
    onTap?.();
    setBusy(dose.doseKey);
    setError(null);
    recordDose({ planId: dose.planId, time: dose.time, status, ...(skipReason ? { skipReason } : {}) })
      .then(({ dose: saved, adherence }) => {
        setSkipping(null);
        onRecorded(saved, adherence);
      })
      .catch((cause: unknown) => setError({ doseKey: dose.doseKey, text: userMessageOf(cause) }))
      .finally(() => setBusy(null));
  };

  return (
    <View>
      {doses.map((dose) => (
        <View key={dose.doseKey} className="pb-med__dose" data-testid={testId} data-dose-key={dose.doseKey} data-tone={dose.tone}>
          <Text className="pb-med__time">{dose.timeText}</Text>
          <Text className="pb-med__title">{dose.title}</Text>
          <Text className={`pb-med__state pb-med__state--${dose.tone}`} data-testid={`${testId}-state`}>
            {dose.stateText}
          </Text>
          {canRecord && dose.open ? (
            <View className="pb-med__actions">
              <BigButton type="primary" className="pb-med__action" loading={busy === dose.doseKey} testId={`${testId}-taken`} onClick={() => send(dose, 'taken')}>
                已服用
              </BigButton>
              <BigButton type="secondary" className="pb-med__action" disabled={busy === dose.doseKey} testId={`${testId}-skip`} onClick={() => setSkipping(skipping === dose.doseKey ? null : dose.doseKey)}>
                跳过
              </BigButton>
            </View>
          ) : null}
          {skipping === dose.doseKey ? (
            <ChipGroup label="为什么不吃这一次？" options={skipReasonOptions} selected={[]} testId={`${testId}-skip-reason`} onSelect={(key) => send(dose, 'skipped', key as SkipReason)} />
          ) : null}
          {error?.doseKey === dose.doseKey ? <AlertBox tone="error" message={error.text} /> : null}
        </View>
      ))}
    </View>
  );
}
