import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, PageShell, TextField } from '../../../components';
import { checkInAtClass, pointsOutcomeText, type ClassCheckInView } from '../../../services/care';
import { formatDateTime } from '../../../services/displayTime';
import { userMessageOf } from '../../../services/errors';
import { platform } from '../../../platform';
import { isPlatformError } from '../../../platform/types';

/**
 * 讲座签到: at the clinic's health talk, scan the QR on the screen. The H5 stand-in takes the QR's
 * text typed into the box instead of the camera (development and tests only).
 */
export default function ClassCheckInPage() {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ClassCheckInView | null>(null);

  const scan = () => {
    setBusy(true);
    setError(null);
    platform
      .scanCode({ fallbackInput: typed })
      .then(({ value }) => checkInAtClass(value))
      .then(setDone)
      .catch((cause: unknown) => setError(isPlatformError(cause) ? cause.message : userMessageOf(cause)))
      .finally(() => setBusy(false));
  };

  if (done) {
    return (
      <PageShell title="签到成功" testId="page-care-checked-in">
        <AlertBox tone="success" title={done.firstCheckIn ? `已签到：${done.classTitle}` : `您已经签到过了：${done.classTitle}`} message={`${done.place} · ${formatDateTime(done.checkedInAt)}`} testId="checkin-done" />
        <Text className="pb-text" data-testid="checkin-points">
          {pointsOutcomeText(done.firstCheckIn, done.month)}
        </Text>
      </PageShell>
    );
  }
  return (
    <PageShell title="健康讲座签到" testId="page-care-checkin">
      <Card>
        <Text className="pb-text">到了讲座现场，点下面的按钮，扫一扫屏幕上的二维码就签到了。</Text>
        {platform.kind === 'h5' ? <TextField label="二维码内容（网页版）" value={typed} testId="checkin-code" onInput={setTyped} /> : null}
      </Card>
      {error ? <AlertBox tone="error" title="没有签到成功" message={error} testId="checkin-error" /> : null}
      <View className="pb-stack">
        <BigButton type="primary" loading={busy} testId="checkin-scan" onClick={scan}>
          扫码签到
        </BigButton>
      </View>
    </PageShell>
  );
}
