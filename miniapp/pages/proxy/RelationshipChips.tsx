import { Text, View } from '@tarojs/components';
import { relationshipChoices } from '../../services/proxies';
import './proxy.scss';

export interface RelationshipChipsProps {
  value: string | null;
  testIdPrefix?: string;
  onChange: (value: string | null) => void;
}

/** 女儿 / 儿子 / 配偶 …: large round chips; tapping the chosen one again clears it. */
export function RelationshipChips(props: RelationshipChipsProps) {
  const { value, testIdPrefix = 'relationship', onChange } = props;
  return (
    <View className="pb-invite__chips" role="radiogroup">
      {relationshipChoices.map((choice) => (
        <View
          key={choice}
          className={`pb-invite__chip ${value === choice ? 'pb-invite__chip--on' : ''}`}
          role="radio"
          aria-checked={value === choice ? 'true' : 'false'}
          data-testid={`${testIdPrefix}-${choice}`}
          onClick={() => onChange(value === choice ? null : choice)}
        >
          <Text>{choice}</Text>
        </View>
      ))}
    </View>
  );
}

export default RelationshipChips;
