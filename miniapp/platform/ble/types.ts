/**
 * Bluetooth Low Energy as the meter sync needs it, behind one interface with three builds:
 * WeChat's BLE APIs (weapp), simulated meters that send real GATT bytes (the H5 development
 * stand-in, so e2e covers the whole flow) and Web Bluetooth (Chromium on a computer, where offered).
 * UUIDs are 16-bit SIG numbers; values are bytes exactly as the meter sent them.
 */
import { PlatformError } from '../types';

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
   * location permission and switch that scanning needs. Rejects with a PlatformError saying which.
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

/** Failures are PlatformErrors (../types.ts) with these codes, so pages show them like any other. */
export type BleFailure =
  | 'bluetooth_off'
  | 'bluetooth_unauthorized'
  | 'location_needed'
  | 'bluetooth_not_supported'
  | 'meter_not_found'
  | 'meter_connect_failed'
  | 'meter_transfer_failed'
  | 'meter_pairing_needed'
  | 'meter_timeout'
  | 'meter_choice_cancelled';

export const bleError = (code: BleFailure, cause?: unknown) => new PlatformError(code, cause);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
