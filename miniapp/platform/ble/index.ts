import type { BleAdapter } from './types';

export * from './types';

/**
 * The Bluetooth adapters this build offers the meter sync, the first being the default:
 * - weapp: WeChat's BLE APIs (./weapp.ts);
 * - H5 (development and e2e): the simulated meters, plus Web Bluetooth where the browser has it (./h5.ts).
 * `process.env.TARO_ENV` is a build-time constant and this is a conditional expression, so webpack
 * drops the other build's modules (as in ../index.ts). Only the meter-sync subpackage imports this,
 * so none of it is in the main package.
 */
export interface BleChoice {
  adapter: BleAdapter;
  /** What the page calls this way of connecting. */
  label: string;
}

export const bleChoices: () => BleChoice[] =
  process.env.TARO_ENV === 'h5'
    ? (require('./h5') as typeof import('./h5')).buildBleChoices
    : (require('./weapp') as typeof import('./weapp')).buildBleChoices;
