import Taro from '@tarojs/taro';
import { simulatedBle, simulatedMeterStorageKey, type SimulatedMeterState } from './simulated';
import type { BleChoice } from './index';
import { webBluetoothAvailable, webBluetoothBle } from './webBluetooth';

/** H5 (development and e2e): the simulated meters, and Web Bluetooth where the browser has it. */
const store = {
  load(): SimulatedMeterState | null {
    try {
      const raw: unknown = Taro.getStorageSync(simulatedMeterStorageKey);
      return typeof raw === 'string' && raw ? (JSON.parse(raw) as SimulatedMeterState) : null;
    } catch {
      return null;
    }
  },
  save(state: SimulatedMeterState) {
    Taro.setStorageSync(simulatedMeterStorageKey, JSON.stringify(state));
  },
};

export function buildBleChoices(): BleChoice[] {
  return [{ adapter: simulatedBle(store), label: '模拟设备（开发用）' }, ...(webBluetoothAvailable() ? [{ adapter: webBluetoothBle(), label: '电脑蓝牙（Chrome）' }] : [])];
}
