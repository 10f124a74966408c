import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { AlertBox, BigButton, Card, ConfirmDialog, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { cancelBooking, loadMyBookings, type MyBookingView } from '../../../services/bookings';
import { userMessageOf } from '../../../services/errors';
import { followupRoutes } from '../../../services/followups';
import { openPage } from '../../../services/navigation';
import { possessiveOf, useActiveProfile } from '../../../state/activeProfile';
import '../followup.scss';

/** 我的预约: upcoming bookings with 改约 / 取消 (until the cutoff, explained), and past ones. */
export default function MyBookingsPage() {
  const { state, reload } = useResource(loadMyBookings);
  const profile = useActiveProfile();
  const [pending, setPending] = useState<MyBookingView | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) reload();
    shown.current = true;
  });

  const cancel = () => {
    if (!pending) return;
    setBusy(true);
    cancelBooking(pending.bookingId)
      .then(() => {
        setMessage({ tone: 'success', text: `已取消 ${pending.whenText} 的预约。` });
        reload();
      })
      .catch((error: unknown) => setMessage({ tone: 'error', text: userMessageOf(error) }))
      .finally(() => {
        setBusy(false);
        setPending(null);
      });
  };

  const renderItem = (item: MyBookingView, upcoming: boolean) => (
    <View key={item.bookingId} className="pb-list-item" data-testid="my-booking" data-status={item.status}>
      <Text className="pb-list-item__title">
        {item.title}
        <Text className={`pb-tag ${item.status === 'booked' || item.status === 'attended' ? 'pb-tag--ok' : 'pb-tag--off'}`}>{item.statusLabel}</Text>
      </Text>
      <Text className="pb-list-item__meta">
        {item.whenText} · {item.placeLabel}
      </Text>
      {upcoming && item.changeable ? (
        <View className="pb-list-item__actions pb-stack">
          <BigButton type="secondary" testId="my-booking-reschedule" onClick={() => openPage(`${followupRoutes.book}?key=${encodeURIComponent(item.dueItemKey)}&bookingId=${item.bookingId}`)}>
            改约
          </BigButton>
          <BigButton type="danger" testId="my-booking-cancel" onClick={() => setPending(item)}>
            取消预约
          </BigButton>
        </View>
      ) : null}
      {upcoming && !item.changeable ? <Text className="pb-muted" data-testid="my-booking-cutoff">{item.cutoffText}</Text> : null}
    </View>
  );

  return (
    <PageShell title={`${possessiveOf(profile)}预约`} testId="page-my-bookings">
      {message ? <AlertBox tone={message.tone} message={message.text} testId="my-bookings-message" /> : null}
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View>
          <Card title="即将到来" testId="my-bookings-upcoming">
            {state.data.upcoming.length === 0 ? <EmptyState title="没有即将到来的预约" description="在首页的待办事项里点「预约」" /> : state.data.upcoming.map((b) => renderItem(b, true))}
            <Text className="pb-muted">预约开始前{state.data.cancelCutoffHours}小时之前可以改约或取消；之后请打电话给家庭医生团队。</Text>
          </Card>
          {state.data.past.length > 0 ? (
            <Card title="以前的预约" testId="my-bookings-past">
              {state.data.past.map((b) => renderItem(b, false))}
            </Card>
          ) : null}
        </View>
      ) : null}
      <ConfirmDialog
        visible={pending !== null}
        title="取消这个预约？"
        confirmText="确定取消"
        cancelText="不取消"
        danger
        loading={busy}
        testId="my-bookings-confirm"
        onCancel={() => setPending(null)}
        onConfirm={cancel}
      >
        <Text>取消后名额会让给别人。这项待办还在，您可以重新预约。</Text>
      </ConfirmDialog>
    </PageShell>
  );
}
