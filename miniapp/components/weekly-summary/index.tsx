import { Text, View } from '@tarojs/components';
import type { WeeklySummaryItem } from '../../services/careLoop';
import './index.scss';

/** One week's figures: readings, 达标, points as large boxes; the next visit under them. */
export function WeeklySummaryBlock(props: { item: WeeklySummaryItem; testId?: string }) {
  const { item, testId = 'weekly-summary' } = props;
  return (
    <View data-testid={testId} data-summary-id={item.id}>
      <View className="pb-weekly__figures">
        <Text className="pb-weekly__figure" data-testid={`${testId}-readings`}>
          {item.readingsText}
        </Text>
        {item.atTargetText ? (
          <Text className="pb-weekly__figure pb-weekly__figure--good" data-testid={`${testId}-at-target`}>
            {item.atTargetText}
          </Text>
        ) : null}
        <Text className="pb-weekly__figure" data-testid={`${testId}-points`}>
          {item.pointsText}
        </Text>
      </View>
      {item.familyText ? <Text className="pb-muted">{item.familyText}</Text> : null}
      <Text className="pb-weekly__next" data-testid={`${testId}-next`}>
        {item.nextText}
      </Text>
    </View>
  );
}

export default WeeklySummaryBlock;
