import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, Card, ConfirmDialog, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { userMessageOf } from '../../../services/errors';
import { restartAt, routes } from '../../../services/navigation';
import { loadSessions, revokeAllSessions, revokeSession } from '../../../services/profile';
import { formatDateTime } from '../../../services/displayTime';

/** 登录设备: where this account is signed in; sign out one device, or all of them. */
export default function SessionsPage() {
  const { state, reload } = useResource(loadSessions);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revokeOne = (sessionId: string) => {
    setBusyId(sessionId);
    setError(null);
    revokeSession(sessionId)
      .then(() => reload())
      .catch((cause: unknown) => setError(userMessageOf(cause)))
      .finally(() => setBusyId(null));
  };

  const revokeAll = () => {
    setBusyId('all');
    revokeAllSessions()
      .then(() => restartAt(routes.login))
      .catch((cause: unknown) => {
        setError(userMessageOf(cause));
        setBusyId(null);
        setConfirmAll(false);
      });
  };

  return (
    <PageShell title="登录设备" testId="page-sessions">
      {error ? <AlertBox tone="error" message={error} testId="sessions-error" /> : null}
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card>
            {state.data.map((session) => (
              <View key={session.sessionId} className="pb-list-item" data-testid="session-item">
                <Text className="pb-list-item__title">
                  {session.deviceLabel}
                  {session.current ? <Text className="pb-tag pb-tag--ok">本机</Text> : null}
                </Text>
                <Text className="pb-list-item__meta">登录于 {formatDateTime(session.createdAt)}</Text>
                <Text className="pb-list-item__meta">最近使用 {formatDateTime(session.lastSeenAt)}</Text>
                {session.current ? null : (
                  <View className="pb-list-item__actions">
                    <BigButton type="secondary" loading={busyId === session.sessionId} testId="session-revoke" onClick={() => revokeOne(session.sessionId)}>
                      退出这台设备
                    </BigButton>
                  </View>
                )}
              </View>
            ))}
          </Card>
          <Text className="pb-text">如果看到不认识的设备，请立即退出它，或退出所有设备后重新登录。</Text>
          <View className="pb-stack">
            <BigButton type="danger" testId="sessions-revoke-all" onClick={() => setConfirmAll(true)}>
              退出所有设备（包括本机）
            </BigButton>
          </View>
        </View>
      ) : null}
      <ConfirmDialog
        visible={confirmAll}
        title="退出所有设备？"
        confirmText="全部退出"
        danger
        loading={busyId === 'all'}
        testId="sessions-confirm"
        onCancel={() => setConfirmAll(false)}
        onConfirm={revokeAll}
      >
        <Text>所有手机上的登录都会失效，包括您正在用的这台。之后需要重新用微信登录。您的档案和积分不受影响。</Text>
      </ConfirmDialog>
    </PageShell>
  );
}
