import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Component } from 'react';
import { elderlyModeChanged, readStoredElderlyMode } from '../state/elderlyModeStore';
import { tabBarItems } from '../tabBarItems';
import './index.scss';

interface State {
  selected: number;
  elderly: boolean;
}

/**
 * weapp only (app.config.ts sets `custom` for weapp): the tab bar as our own component, because
 * WeChat's native one keeps 10–12 px labels whatever the app does. In 长辈模式 the labels and the
 * bar grow like every page. Each tab page tells it which tab is selected (useTabBarSelection), and
 * it follows the mode through the store's change event. A class component: WeChat hands pages the
 * instance (`getTabBar()`), and `setSelected` is what they call on it.
 */
export default class CustomTabBar extends Component<object, State> {
  override state: State = { selected: 0, elderly: readStoredElderlyMode() };

  private readonly onModeChanged = (elderly: boolean) => this.setState({ elderly });

  override componentDidMount() {
    Taro.eventCenter.on(elderlyModeChanged, this.onModeChanged);
  }

  override componentWillUnmount() {
    Taro.eventCenter.off(elderlyModeChanged, this.onModeChanged);
  }

  setSelected(selected: number) {
    this.setState({ selected, elderly: readStoredElderlyMode() });
  }

  override render() {
    const { selected, elderly } = this.state;
    return (
      <View className={`pb-tabbar ${elderly ? 'pb-tabbar--elderly' : ''}`}>
        {tabBarItems.map((item, index) => (
          <View
            key={item.pagePath}
            className={`pb-tabbar__item ${index === selected ? 'pb-tabbar__item--selected' : ''}`}
            role="tab"
            aria-selected={index === selected}
            onClick={() => void Taro.switchTab({ url: `/${item.pagePath}` }).catch(() => undefined)}
          >
            <Text className="pb-tabbar__label">{item.text}</Text>
          </View>
        ))}
      </View>
    );
  }
}
