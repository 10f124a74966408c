import { Text, View } from '@tarojs/components';
import './index.scss';

export interface NavRowProps {
  title: string;
  description?: string;
  /** A short badge on the right, e.g. "2条未读". */
  badge?: string;
  testId?: string;
  onClick?: () => void;
}

/** One tappable line in a list of places to go: big title, a plain sentence under it, an arrow. */
export function NavRow(props: NavRowProps) {
  const { title, description, badge, testId, onClick } = props;
  return (
    <View className="pb-nav-row" role="button" data-testid={testId} onClick={() => onClick?.()}>
      <View className="pb-nav-row__text">
        <Text className="pb-nav-row__title">{title}</Text>
        {description ? <Text className="pb-nav-row__description">{description}</Text> : null}
      </View>
      {badge ? <Text className="pb-nav-row__badge">{badge}</Text> : null}
      <Text className="pb-nav-row__arrow">›</Text>
    </View>
  );
}

export default NavRow;
