import { Text, View } from '@tarojs/components';
import type { AdherenceLine } from '../../../services/medication';

/** 近30天 / 近90天: the share of days every dose was taken, in words. */
export function AdherenceLines(props: { lines: AdherenceLine[]; testId?: string }) {
  return (
    <View data-testid={props.testId ?? 'adherence'}>
      {props.lines.map((line) => (
        <View key={line.title} className="pb-med__adherence" data-testid="adherence-line">
          <View>
            <Text className="pb-strong">{line.title}按时服药</Text>
            <Text className="pb-muted">{line.detailText}</Text>
          </View>
          <Text className={`pb-med__percent ${line.poor ? 'pb-med__percent--poor' : ''}`} data-testid="adherence-percent">
            {line.percentText}
          </Text>
        </View>
      ))}
    </View>
  );
}
