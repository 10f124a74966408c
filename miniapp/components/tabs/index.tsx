import { Text, View } from '@tarojs/components';
import './index.scss';

export interface TabItem {
  key: string;
  label: string;
}

export interface TabsProps {
  items: TabItem[];
  activeKey: string;
  testId?: string;
  onChange?: (key: string) => void;
}

const defaultProps = { testId: 'tabs' } satisfies Partial<TabsProps>;

/** Two or three big segments; the chosen one is filled, so it is obvious without colour alone. */
export function Tabs(props: TabsProps) {
  const { items, activeKey, testId, onChange } = { ...defaultProps, ...props };
  return (
    <View className="pb-tabs" role="tablist" data-testid={testId}>
      {items.map((item) => {
        const active = item.key === activeKey;
        return (
          <View
            key={item.key}
            className={`pb-tabs__item ${active ? 'pb-tabs__item--active' : ''}`}
            role="tab"
            aria-selected={active ? 'true' : 'false'}
            data-testid={`${testId}-${item.key}`}
            onClick={() => onChange?.(item.key)}
          >
            <Text>{active ? `● ${item.label}` : item.label}</Text>
          </View>
        );
      })}
    </View>
  );
}

export default Tabs;
