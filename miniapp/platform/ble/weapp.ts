import Taro from '@tarojs/taro';
import { bluetoothUuid, shortUuidOf } from '../../../shared/devices/bluetooth';
import { bleError, sleep, type BleAdapter, type BleFailure, type FoundDevice, type GattValue } from './types';

/**
 * WeChat's BLE APIs through Taro (weapp only; H5 has no such APIs). The platform facts, from
 * WeChat's documentation (see README, "Bluetooth meters"):
 * - `scope.bluetooth` must be granted, and `openBluetoothAdapter` called before anything else
 *   (10000 otherwise); 10001 = Bluetooth off; on iOS `fail` carries state 3 (unauthorized) / 4 (off).
 * - Android 6+ scans only with location permission granted and location switched on.
 * - Discovery filters on the services in the advertising packet and is stopped once done.
 * - deviceId is a MAC on Android and a per-phone UUID on iOS: never assumed stable across phones.
 * - iOS requires getBLEDeviceServices + getBLEDeviceCharacteristics before notify/read/write.
 * - notify `type` is 'indication' by default: 0x2A35 and the RACP are indicated, 0x2A18 notified.
 * - On Android a write right after enabling notifications can fail with 10008: wait, retry once.
 * - A glucose meter may require bonding (the Glucose Profile asks for it): iOS shows the system
 *   prompt itself; on Android a write that still fails asks the resident to pair as the meter's
 *   manual says (makeBluetoothPair needs the meter's PIN, which the app does not know).
 */
type WxError = { errCode?: number; errno?: number; errMsg?: string; state?: number };

function failureOf(cause: unknown, fallback: BleFailure): BleFailure {
  const e = (cause ?? {}) as WxError;
  const code = e.errCode ?? e.errno;
  if (code === 10001 || e.state === 4) return 'bluetooth_off';
  if (e.state === 3 || /auth|deny/i.test(e.errMsg ?? '')) return 'bluetooth_unauthorized';
  if (code === 10009) return 'bluetooth_not_supported';
  if (code === 10012) return 'meter_timeout';
  if (code === 10002 || code === 10013) return 'meter_not_found';
  return fallback;
}

async function attempt<T>(run: () => Promise<T>, fallback: BleFailure): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw bleError(failureOf(cause, fallback), cause);
  }
}

const isAndroid = () => Taro.getSystemInfoSync().platform === 'android';

/** Android scans need the location switch on and WeChat allowed to use it. */
function assertLocationForScanning(): void {
  if (!isAndroid()) return;
  const info = Taro.getSystemInfoSync() as { locationEnabled?: boolean; locationAuthorized?: boolean };
  if (info.locationEnabled === false || info.locationAuthorized === false) throw bleError('location_needed');
}

const serviceIdsByDevice = new Map<string, Map<number, string>>();

export const wechatBle: BleAdapter = {
  kind: 'wechat',

  async open() {
    await attempt(() => Taro.authorize({ scope: 'scope.bluetooth' }), 'bluetooth_unauthorized');
    await attempt(() => Taro.openBluetoothAdapter({ mode: 'central' }), 'bluetooth_off');
    assertLocationForScanning();
  },

  async discover(services, onFound, durationMs) {
    const seen = new Set<string>();
    const listener = (result: { devices: Array<{ deviceId: string; name?: string; localName?: string; advertisServiceUUIDs?: string[] }> }) => {
      for (const d of result.devices) {
        if (seen.has(d.deviceId)) continue;
        seen.add(d.deviceId);
        const found: FoundDevice = { deviceId: d.deviceId, name: d.localName || d.name || '', services: (d.advertisServiceUUIDs ?? []).map(shortUuidOf).filter((u): u is number => u !== null) };
        onFound(found);
      }
    };
    Taro.onBluetoothDeviceFound(listener);
    try {
      await attempt(
        () => Taro.startBluetoothDevicesDiscovery({ services: services.map(bluetoothUuid), allowDuplicatesKey: false, powerLevel: 'high' }),
        'meter_not_found',
      );
      await sleep(durationMs);
    } finally {
      Taro.offBluetoothDeviceFound(listener);
      await Taro.stopBluetoothDevicesDiscovery().catch(() => undefined);
    }
  },

  async connect(deviceId) {
    await attempt(() => Taro.createBLEConnection({ deviceId, timeout: 10_000 }), 'meter_connect_failed');
  },

  async characteristicsOf(deviceId, serviceUuid) {
    const { services } = await attempt(() => Taro.getBLEDeviceServices({ deviceId }), 'meter_transfer_failed');
    const ids = new Map<number, string>();
    for (const s of services) {
      const short = shortUuidOf(s.uuid);
      if (short !== null) ids.set(short, s.uuid);
    }
    serviceIdsByDevice.set(deviceId, ids);
    const serviceId = ids.get(serviceUuid);
    if (!serviceId) return [];
    const { characteristics } = await attempt(() => Taro.getBLEDeviceCharacteristics({ deviceId, serviceId }), 'meter_transfer_failed');
    return characteristics.map((c) => shortUuidOf(c.uuid)).filter((u): u is number => u !== null);
  },

  async subscribe(deviceId, serviceUuid, characteristicUuid, kind) {
    await attempt(
      () => Taro.notifyBLECharacteristicValueChange({ deviceId, serviceId: serviceIdOf(deviceId, serviceUuid), characteristicId: bluetoothUuid(characteristicUuid), state: true, type: kind }),
      'meter_transfer_failed',
    );
  },

  onValue(listener) {
    const handler = (res: { deviceId: string; serviceId: string; characteristicId: string; value: ArrayBuffer }) => {
      const serviceUuid = shortUuidOf(res.serviceId);
      const characteristicUuid = shortUuidOf(res.characteristicId);
      if (serviceUuid === null || characteristicUuid === null) return;
      const value: GattValue = { deviceId: res.deviceId, serviceUuid, characteristicUuid, value: new Uint8Array(res.value.slice(0)) };
      listener(value);
    };
    Taro.onBLECharacteristicValueChange(handler);
    return () => Taro.offBLECharacteristicValueChange(handler);
  },

  async read(deviceId, serviceUuid, characteristicUuid) {
    // The value arrives through onBLECharacteristicValueChange, like a notification.
    return new Promise<Uint8Array>((resolve, reject) => {
      const off = wechatBle.onValue((v) => {
        if (v.deviceId !== deviceId || v.characteristicUuid !== characteristicUuid) return;
        off();
        resolve(v.value);
      });
      Taro.readBLECharacteristicValue({ deviceId, serviceId: serviceIdOf(deviceId, serviceUuid), characteristicId: bluetoothUuid(characteristicUuid) }).catch((cause: unknown) => {
        off();
        reject(bleError('meter_transfer_failed', cause));
      });
    });
  },

  async write(deviceId, serviceUuid, characteristicUuid, value) {
    const send = () => Taro.writeBLECharacteristicValue({ deviceId, serviceId: serviceIdOf(deviceId, serviceUuid), characteristicId: bluetoothUuid(characteristicUuid), value: value.slice().buffer });
    try {
      await send();
    } catch (cause) {
      if (((cause ?? {}) as WxError).errCode !== 10008 || !isAndroid()) throw bleError('meter_transfer_failed', cause);
      // Android: the first write right after enabling notifications fails with 10008; once more
      // after a pause, and if it still fails the meter wants bonding.
      await sleep(500);
      await attempt(send, 'meter_pairing_needed');
    }
  },

  async disconnect(deviceId) {
    await Taro.closeBLEConnection({ deviceId }).catch(() => undefined);
  },

  async close() {
    await Taro.closeBluetoothAdapter().catch(() => undefined);
  },
};

function serviceIdOf(deviceId: string, serviceUuid: number): string {
  return serviceIdsByDevice.get(deviceId)?.get(serviceUuid) ?? bluetoothUuid(serviceUuid);
}

/** weapp: WeChat's BLE, the only way. */
export function buildBleChoices(): Array<{ adapter: BleAdapter; label: string }> {
  return [{ adapter: wechatBle, label: '手机蓝牙' }];
}
