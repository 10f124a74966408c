/**
 * Bluetooth Low Energy as the meter sync needs it, behind one interface with three builds:
 * WeChat's BLE APIs (weapp), simulated meters that send real GATT bytes (the H5 development
 * stand-in, so e2e covers the whole flow) and Web Bluetooth (Chromium on a computer, where offered).
 * UUIDs are 16-bit SIG numbers; values are bytes exactly as the meter sent them.
 */
export interface FoundDevice {
  deviceId: string;
  /** The advertised name, e.g. "Yuwell BP-YE680A"; '' when the device sends none. */
  name: string;
  /** 16-bit service UUIDs it advertises (when the platform reports them). */
  services: number[];
}

export interface GattValue {
  deviceId: string;
  serviceUuid: number;
  characteristicUuid: number;
  value: Uint8Array;
}

export interface BleAdapter {
  readonly kind: 'wechat' | 'simulated' | 'webBluetooth';
  /**
   * Opens Bluetooth: the permission (scope.bluetooth), the adapter switched on, and on Android the
   * location permission and switch that scanning needs. Rejects with BleError saying which.
   */
  open(): Promise<void>;
  /**
   * Looks for devices advertising one of `services` for up to `durationMs`, reporting each once.
   * Web Bluetooth has no scan: the browser's chooser is the discovery (call from a tap).
   */
  discover(services: readonly number[], onFound: (device: FoundDevice) => void, durationMs: number): Promise<void>;
  connect(deviceId: string): Promise<void>;
  /**
   * The characteristics of one service of a connected device. iOS needs services and
   * characteristics discovered before any notify, read or write, so the sync always asks first.
   */
  characteristicsOf(deviceId: string, serviceUuid: number): Promise<number[]>;
  subscribe(deviceId: string, serviceUuid: number, characteristicUuid: number, kind: 'notification' | 'indication'): Promise<void>;
  onValue(listener: (value: GattValue) => void): () => void;
  read(deviceId: string, serviceUuid: number, characteristicUuid: number): Promise<Uint8Array>;
  write(deviceId: string, serviceUuid: number, characteristicUuid: number, value: Uint8Array): Promise<void>;
  disconnect(deviceId: string): Promise<void>;
  close(): Promise<void>;
}

export const bleFailureMessages = {
  bluetooth_off: '手机蓝牙没有打开，请打开蓝牙后再试',
  bluetooth_unauthorized: '请允许小程序使用蓝牙（微信设置 → 蓝牙）后再试',
  location_needed: '安卓手机搜索蓝牙设备需要打开“位置信息（定位）”，并允许微信使用定位',
  not_supported: '这台设备不支持蓝牙连接',
  not_found: '没有找到设备：请打开血压计/血糖仪，放在手机旁边再试',
  connect_failed: '连接设备失败：请确认设备已开机、离手机近一些，然后再试',
  transfer_failed: '读取设备数据失败，请重新连接',
  pairing_needed: '请先在设备上按提示完成配对，再重新连接',
  timeout: '设备长时间没有回应，请重新连接',
  cancelled: '已取消',
} as const;

export type BleFailure = keyof typeof bleFailureMessages;

export class BleError extends Error {
  readonly code: BleFailure;
  override readonly cause: unknown;
  constructor(code: BleFailure, cause?: unknown) {
    super(bleFailureMessages[code]);
    this.name = 'BleError';
    this.code = code;
    this.cause = cause;
  }
}

export function isBleError(value: unknown): value is BleError {
  return value instanceof BleError;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
