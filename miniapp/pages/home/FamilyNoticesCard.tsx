import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { BigButton, Card } from '../../components';
import { platform } from '../../platform';
import { loadFamilyNotices, type FamilyNoticesView } from '../../services/careLoop';
import { userMessageOf } from '../../services/errors';
import { openPage, routes } from '../../services/navigation';

export interface FamilyNoticesCardProps {
  refreshToken: unknown;
  residentName: string;
}

/**
 * A relative's 首页 (looking at the resident): the newest notices about the resident (an urgent
 * reading, the doctor's acknowledgement and note, the weekly summary) and the one tap that lets
 * WeChat tell them next time (a one-time subscription per message, as WeChat works).
 */
export function FamilyNoticesCard(props: FamilyNoticesCardProps) {
  const { refreshToken, residentName } = props;
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: FamilyNoticesView }>({ status: 'loading' });
  const [subscribed, setSubscribed] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadFamilyNotices()
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((error: unknown) => live && setState({ status: 'error', message: userMessageOf(error) }));
    return () => {
      live = false;
    };
  }, [refreshToken]);

  if (state.status === 'loading') return null;
  if (state.status === 'error') return <Text className="pb-muted">{state.message}</Text>;
  const { items, unreadCount, templateIds } = state.data;
  const subscribe = () => {
    platform
      .requestSubscribeMessage(templateIds)
      .then((result) => setSubscribed(Object.values(result).some((d) => d === 'accept') ? `好的，${residentName}有紧急读数或每周小结时，微信会通知您。` : '您没有允许微信通知，可以随时再点一次。'))
      .catch((error: unknown) => setSubscribed(userMessageOf(error)));
  };
  return (
    <Card title={`${residentName}的健康动态`} testId="home-family-notices" extra={unreadCount > 0 ? <Text className="pb-home__badge">{unreadCount}</Text> : undefined}>
      {items.length === 0 ? <Text className="pb-text">暂时没有新消息。{residentName}测出紧急数值时，这里和微信都会告诉您。</Text> : null}
      {items.slice(0, 2).map((item) => (
        <View key={item.id} className="pb-list-item" data-testid="home-family-notice">
          <Text className="pb-list-item__title">{item.title}</Text>
          <Text className="pb-list-item__meta">{item.body}</Text>
          <Text className="pb-muted">{item.atText}</Text>
        </View>
      ))}
      <View className="pb-stack">
        <BigButton type="secondary" testId="home-family-subscribe" onClick={subscribe}>
          微信通知我
        </BigButton>
        {subscribed ? (
          <Text className="pb-text" data-testid="home-family-subscribed">
            {subscribed}
          </Text>
        ) : null}
        {items.length > 2 ? (
          <BigButton type="secondary" testId="home-family-all" onClick={() => openPage(routes.notices)}>
            查看全部 {items.length} 条
          </BigButton>
        ) : null}
      </View>
    </Card>
  );
}

export default FamilyNoticesCard;
