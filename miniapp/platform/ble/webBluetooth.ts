import { bleError, type BleAdapter, type FoundDevice, type GattValue } from './types';

/**
 * Web Bluetooth, where the browser offers it (Chromium on Windows, macOS, ChromeOS, Android; on
 * Linux behind a flag) — for a doctor's or volunteer's computer at a 健康小屋. There is no scan: the
 * browser's device chooser (opened from a tap) is the discovery, filtered by service. Notifications
 * and indications are both `startNotifications`. Feature-detected; not testable in headless
 * Chromium (no adapter, no chooser), so the e2e suite uses the simulated meters.
 */
interface WebCharacteristic extends EventTarget {
  readonly uuid: string;
  readonly value?: DataView;
  startNotifications(): Promise<WebCharacteristic>;
  readValue(): Promise<DataView>;
  writeValueWithResponse(value: BufferSource): Promise<void>;
}
interface WebService {
  getCharacteristics(): Promise<WebCharacteristic[]>;
  getCharacteristic(uuid: number): Promise<WebCharacteristic>;
}
interface WebGatt {
  connected: boolean;
  connect(): Promise<WebGatt>;
  disconnect(): void;
  getPrimaryService(uuid: number): Promise<WebService>;
}
interface WebDevice {
  id: string;
  name?: string;
  gatt?: WebGatt;
}
interface WebBluetooth {
  getAvailability?(): Promise<boolean>;
  requestDevice(options: { filters: Array<{ services: number[] }>; optionalServices: number[] }): Promise<WebDevice>;
}

function webBluetooth(): WebBluetooth | null {
  if (typeof navigator === 'undefined') return null;
  const bluetooth = (navigator as Navigator & { bluetooth?: WebBluetooth }).bluetooth;
  return bluetooth && typeof bluetooth.requestDevice === 'function' ? bluetooth : null;
}

/** Whether this browser has Web Bluetooth at all (the adapter may still be off or absent). */
export function webBluetoothAvailable(): boolean {
  return webBluetooth() !== null;
}

const shortOf = (uuid: string) => parseInt(uuid.slice(4, 8), 16);

export function webBluetoothBle(): BleAdapter {
  const devices = new Map<string, WebDevice>();
  const characteristics = new Map<string, WebCharacteristic>();
  const listeners = new Set<(value: GattValue) => void>();
  const key = (deviceId: string, serviceUuid: number, characteristicUuid: number) => `${deviceId}:${serviceUuid}:${characteristicUuid}`;
  const characteristic = (deviceId: string, serviceUuid: number, characteristicUuid: number) => {
    const found = characteristics.get(key(deviceId, serviceUuid, characteristicUuid));
    if (!found) throw bleError('meter_transfer_failed');
    return found;
  };

  return {
    kind: 'webBluetooth',
    async open() {
      const bluetooth = webBluetooth();
      if (!bluetooth) throw bleError('bluetooth_not_supported');
      if (bluetooth.getAvailability && !(await bluetooth.getAvailability())) throw bleError('bluetooth_off');
    },
    async discover(services, onFound) {
      const bluetooth = webBluetooth();
      if (!bluetooth) throw bleError('bluetooth_not_supported');
      try {
        const device = await bluetooth.requestDevice({ filters: services.map((s) => ({ services: [s] })), optionalServices: [0x180a] });
        devices.set(device.id, device);
        const found: FoundDevice = { deviceId: device.id, name: device.name ?? '', services: [...services] };
        onFound(found);
      } catch (cause) {
        // The chooser was closed without a choice.
        if ((cause as { name?: string }).name === 'NotFoundError') throw bleError('meter_choice_cancelled', cause);
        throw bleError('meter_not_found', cause);
      }
    },
    async connect(deviceId) {
      const gatt = devices.get(deviceId)?.gatt;
      if (!gatt) throw bleError('meter_connect_failed');
      await gatt.connect().catch((cause: unknown) => Promise.reject(bleError('meter_connect_failed', cause)));
    },
    async characteristicsOf(deviceId, serviceUuid) {
      const gatt = devices.get(deviceId)?.gatt;
      if (!gatt?.connected) throw bleError('meter_connect_failed');
      const service = await gatt.getPrimaryService(serviceUuid).catch(() => null);
      if (!service) return [];
      const list = await service.getCharacteristics();
      for (const c of list) characteristics.set(key(deviceId, serviceUuid, shortOf(c.uuid)), c);
      return list.map((c) => shortOf(c.uuid));
    },
    async subscribe(deviceId, serviceUuid, characteristicUuid) {
      const c = characteristic(deviceId, serviceUuid, characteristicUuid);
      c.addEventListener('characteristicvaluechanged', () => {
        const view = c.value;
        if (!view) return;
        const value = new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
        for (const listener of [...listeners]) listener({ deviceId, serviceUuid, characteristicUuid, value });
      });
      await c.startNotifications().catch((cause: unknown) => Promise.reject(bleError('meter_pairing_needed', cause)));
    },
    onValue(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async read(deviceId, serviceUuid, characteristicUuid) {
      const view = await characteristic(deviceId, serviceUuid, characteristicUuid).readValue();
      return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    },
    async write(deviceId, serviceUuid, characteristicUuid, value) {
      await characteristic(deviceId, serviceUuid, characteristicUuid)
        .writeValueWithResponse(value.slice())
        .catch((cause: unknown) => Promise.reject(bleError('meter_transfer_failed', cause)));
    },
    async disconnect(deviceId) {
      devices.get(deviceId)?.gatt?.disconnect();
    },
    async close() {
      listeners.clear();
    },
  };
}
