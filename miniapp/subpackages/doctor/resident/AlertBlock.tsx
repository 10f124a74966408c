import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, TextField } from '../../../components';
import { closeNoteProblem, type AlertView } from '../../../services/doctorAlerts';
import { PhoneReveal } from './PhoneReveal';

export interface AlertBlockProps {
  alert: AlertView;
  /** The number revealed for this alert, once 拨打电话 was tapped. */
  phone: string | null;
  busy: 'acknowledge' | 'phone' | 'close' | null;
  error: string | null;
  onAcknowledge: () => void;
  onCall: () => void;
  onClose: (note: string) => void;
}

/**
 * One urgent-reading alert with the actions its state allows: 确认收到 (open), 拨打电话 (reveals the
 * number, audited), 关闭 with a required note (what was done).
 */
export function AlertBlock(props: AlertBlockProps) {
  const { alert, phone, busy, error, onAcknowledge, onCall, onClose } = props;
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const submitClose = () => {
    const problem = closeNoteProblem(note);
    setNoteError(problem);
    if (!problem) onClose(note);
  };
  return (
    <View className={`pb-doc__alert ${alert.state === 'acknowledged' ? 'pb-doc__alert--acknowledged' : ''}`} data-testid="resident-alert" data-alert-id={alert.alertId} data-state={alert.state}>
      <Text className={`pb-tag ${alert.state === 'open' ? 'pb-tag--danger' : 'pb-tag--warning'}`} data-testid="resident-alert-state">
        {alert.stateText}
      </Text>
      <Text className="pb-doc__alert-value" data-testid="resident-alert-value">
        {alert.valueText}
      </Text>
      {alert.reasonsText ? <Text className="pb-text">{alert.reasonsText}</Text> : null}
      <Text className="pb-doc__meta">
        {alert.raisedText}（{alert.agoText}）{alert.acknowledgedText ? ` · ${alert.acknowledgedText}` : ''}
      </Text>
      {phone ? <PhoneReveal phone={phone} testId="resident-alert-phone" /> : null}
      {error ? <AlertBox tone="error" title="没有办成" message={error} testId="resident-alert-error" /> : null}
      {closing ? (
        <View className="pb-stack">
          <TextField
            label="处理说明（必填）"
            value={note}
            maxLength={500}
            placeholder="如：已电话联系，复测 150/92，已调整用药"
            error={noteError}
            testId="resident-alert-note"
            onInput={(text) => {
              setNote(text);
              setNoteError(null);
            }}
          />
          <BigButton type="primary" loading={busy === 'close'} testId="resident-alert-close-confirm" onClick={submitClose}>
            确认关闭预警
          </BigButton>
          <BigButton type="secondary" testId="resident-alert-close-cancel" onClick={() => setClosing(false)}>
            先不关闭
          </BigButton>
        </View>
      ) : (
        <View className="pb-stack">
          {alert.state === 'open' ? (
            <BigButton type="primary" loading={busy === 'acknowledge'} testId="resident-alert-ack" onClick={onAcknowledge}>
              确认收到
            </BigButton>
          ) : null}
          <BigButton type={alert.state === 'open' ? 'secondary' : 'primary'} loading={busy === 'phone'} testId="resident-alert-call" onClick={onCall}>
            拨打电话
          </BigButton>
          <BigButton type="secondary" testId="resident-alert-close" onClick={() => setClosing(true)}>
            处理完毕，关闭预警
          </BigButton>
        </View>
      )}
    </View>
  );
}
