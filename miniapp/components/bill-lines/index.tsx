import { Text, View } from '@tarojs/components';
import { Price } from '../price';
import './index.scss';

export interface BillLine {
  label: string;
  /** Integer fen; shown by <Price>. A deduction is passed negative (−¥40.00). */
  amountFen: number;
  /** A short note under the label, e.g. "400 积分". */
  note?: string;
  /** The line the reader must not miss (还需支付). */
  strong?: boolean;
  testId?: string;
}

export interface BillLinesProps {
  lines: BillLine[];
  testId?: string;
}

/** A bill as label ↔ amount lines with the total-to-pay last and largest (抵扣 screens of resident and cashier). */
export function BillLines(props: BillLinesProps) {
  const { lines, testId } = props;
  return (
    <View className="pb-bill" data-testid={testId}>
      {lines.map((line) => (
        <View key={line.label} className={`pb-bill__line ${line.strong ? 'pb-bill__line--strong' : ''}`}>
          <View className="pb-bill__label">
            <Text>{line.label}</Text>
            {line.note ? <Text className="pb-bill__note">{line.note}</Text> : null}
          </View>
          <Price amountFen={line.amountFen} size={line.strong ? 'large' : 'normal'} testId={line.testId} className="pb-bill__amount" />
        </View>
      ))}
    </View>
  );
}

export default BillLines;
