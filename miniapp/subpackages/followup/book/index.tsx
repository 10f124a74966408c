import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { AlertBox, BigButton, Card, EmptyState, ErrorState, LoadingState, PageShell } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { createBooking, loadBookingOptions, rescheduleBooking, subscribeReminders } from '../../../services/bookings';
import { userMessageOf } from '../../../services/errors';
import { formatCalendarDay } from '../../../services/displayTime';
import { followupRoutes } from '../../../services/followups';
import { openPage } from '../../../services/navigation';
import { possessiveOf, useActiveProfile } from '../../../state/activeProfile';
import '../followup.scss';

/**
 * 预约 (or 改约 with `bookingId`): big date chips, then the time windows of that day with the places
 * left; 提醒我 asks WeChat for reminder permission; 确认预约 books.
 */
export default function BookPage() {
  const router = useRouter();
  const dueKey = decodeURIComponent(router.params.key ?? '');
  const bookingId = router.params.bookingId ? decodeURIComponent(router.params.bookingId) : null;
  const load = useCallback(() => loadBookingOptions(dueKey), [dueKey]);
  const { state, reload } = useResource(load);
  const profile = useActiveProfile();
  const [day, setDay] = useState<string | null>(null);
  const [slotId, setSlotId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [remind, setRemind] = useState<'no' | 'yes' | 'declined'>('no');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const askReminders = (templateIds: string[]) => {
    subscribeReminders(templateIds)
      .then((ok) => setRemind(ok ? 'yes' : 'declined'))
      .catch(() => setRemind('declined'));
  };

  const confirm = () => {
    if (!slotId) return;
    setBusy(true);
    setMessage(null);
    (bookingId ? rescheduleBooking(bookingId, slotId) : createBooking(slotId, dueKey))
      .then((booking) => setDone(`${booking.kindLabel}：${formatCalendarDay(booking.date, { weekday: true })} ${booking.startTime}–${booking.endTime}，${booking.placeLabel}`))
      .catch((error: unknown) => {
        setMessage({ tone: 'error', text: userMessageOf(error) });
        reload();
      })
      .finally(() => setBusy(false));
  };

  return (
    <PageShell title={bookingId ? '改约' : '预约'} testId="page-book">
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {message ? <AlertBox tone={message.tone} message={message.text} testId="book-message" /> : null}
      {done ? (
        <Card title={bookingId ? '改约成功' : '预约成功'} testId="book-done">
          <Text className="pb-text" data-testid="book-done-text">
            {done}
          </Text>
          <Text className="pb-muted">{remind === 'yes' ? '预约前一天和前2小时会在微信里提醒您。' : '提醒也会显示在首页的「提醒」里。'}</Text>
          <BigButton type="primary" testId="book-go-bookings" onClick={() => openPage(followupRoutes.bookings)}>
            查看{possessiveOf(profile)}预约
          </BigButton>
        </Card>
      ) : null}
      {state.status === 'ready' && !done ? (
        <View>
          <Card title={`预约：${state.data.kindLabel}`}>
            {state.data.days.length === 0 ? <EmptyState title="近两周没有可预约的时间" description="请打电话给家庭医生团队预约" testId="book-empty" /> : null}
            <View className="pb-fu__chips">
              {state.data.days.map((d) => (
                <View
                  key={d.date}
                  className={`pb-fu__chip ${day === d.date ? 'pb-fu__chip--selected' : ''}`}
                  data-testid="book-day"
                  data-date={d.date}
                  onClick={() => {
                    setDay(d.date);
                    setSlotId(null);
                  }}
                >
                  <Text>{d.label}</Text>
                  <Text>{d.weekday}</Text>
                </View>
              ))}
            </View>
          </Card>
          {day ? (
            <Card title="选择时间">
              {(state.data.days.find((d) => d.date === day)?.slots ?? []).map((slot) => (
                <View
                  key={slot.slotId}
                  className={`pb-fu__slot ${slot.full ? 'pb-fu__slot--full' : ''} ${slotId === slot.slotId ? 'pb-fu__slot--selected' : ''}`}
                  data-testid="book-slot"
                  data-full={slot.full ? 'true' : 'false'}
                  onClick={() => !slot.full && setSlotId(slot.slotId)}
                >
                  <Text>
                    {slot.timeText} {slot.placeLabel}
                  </Text>
                  <Text>{slot.full ? '已约满' : `剩 ${slot.remaining} 个`}</Text>
                </View>
              ))}
            </Card>
          ) : null}
          <Card>
            <View className="pb-stack">
              <BigButton type="secondary" testId="book-remind" onClick={() => askReminders(state.data.reminderTemplateIds)}>
                {remind === 'yes' ? '已开启微信提醒' : '提醒我（预约前微信提醒）'}
              </BigButton>
              {remind === 'declined' ? <Text className="pb-muted">没有开启微信提醒；提醒仍会显示在首页。</Text> : null}
              <BigButton type="primary" testId="book-confirm" disabled={!slotId} loading={busy} onClick={confirm}>
                {bookingId ? '确认改约' : '确认预约'}
              </BigButton>
              <Text className="pb-muted">预约开始前{state.data.cancelCutoffHours}小时之前，可以在「{possessiveOf(profile)}预约」里改约或取消。</Text>
            </View>
          </Card>
        </View>
      ) : null}
    </PageShell>
  );
}
