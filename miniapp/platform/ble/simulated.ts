import { racpOpCodes } from '../../../shared/devices/bluetooth';
import { encodeBloodPressureMeasurement, encodeGlucoseMeasurement, encodeRacpNumberOfRecords, encodeRacpResponseCode } from '../../../shared/devices/gattEncoding';
import { bleError, sleep, type BleAdapter, type FoundDevice, type GattValue } from './types';

/**
 * Two simulated meters for the H5 build (development and e2e only; compiled out of the weapp
 * build, see ./index.ts). They speak the real profiles byte for byte, and hold the platform to the
 * same rules WeChat does, so the sync code that passes here is the code the phone runs:
 *
 * - 鱼跃-style BP monitor (`Yuwell BP-YE680A`, service 0x1810): on indication of 0x2A35 it sends
 *   every stored measurement (flags, SFLOAT pressures, its own timestamp, pulse, user 1, status),
 *   as such monitors do on connect.
 * - Glucose meter (`Yuwell Glucose 580`, 0x1808): measurements only on a RACP request — `01 01`
 *   all, `01 03 01 LL HH` from a sequence number, `04 01` how many — then `06 00 01 01` (done) or
 *   `06 00 01 06` (no records). 0x2A18 must be notified and the RACP indicated before writing.
 * - Both report a serial number (Device Information 0x180A/0x2A25), refuse notify/read/write
 *   before their services were discovered (the iOS rule) and a notify of the wrong kind.
 *
 * Their stored readings live in the browser (`pb.dev.simulatedMeters`), made on first use a few
 * hours and days before now; a test can add readings to that record to simulate a new measurement.
 */
export interface SimulatedBpRecord {
  at: string;
  systolic: number;
  diastolic: number;
  pulse: number;
  statusBits: number;
}
export interface SimulatedGlucoseRecord {
  sequenceNumber: number;
  at: string;
  mgPerDl: number;
}
export interface SimulatedMeterState {
  bloodPressure: SimulatedBpRecord[];
  glucose: SimulatedGlucoseRecord[];
}
export interface SimulatedMeterStore {
  load(): SimulatedMeterState | null;
  save(state: SimulatedMeterState): void;
}

export const simulatedMeterStorageKey = 'pb.dev.simulatedMeters';

/** Three BP readings and three glucose readings in the last two days, to the minute. */
export function initialSimulatedState(now: Date): SimulatedMeterState {
  const ago = (hours: number) => new Date(Math.floor((now.getTime() - hours * 3_600_000) / 60_000) * 60_000).toISOString();
  return {
    bloodPressure: [
      { at: ago(26), systolic: 138, diastolic: 86, pulse: 72, statusBits: 0 },
      { at: ago(14), systolic: 142, diastolic: 88, pulse: 76, statusBits: 0 },
      { at: ago(2), systolic: 134, diastolic: 84, pulse: 70, statusBits: 0 },
    ],
    glucose: [
      { sequenceNumber: 1, at: ago(50), mgPerDl: 110 },
      { sequenceNumber: 2, at: ago(26), mgPerDl: 104 },
      { sequenceNumber: 3, at: ago(3), mgPerDl: 126 },
    ],
  };
}

/** A meter's clock reading of an instant: Shanghai wall time, as residents set their meters. */
function deviceTime(iso: string) {
  const wall = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hours: wall.getUTCHours(), minutes: wall.getUTCMinutes(), seconds: wall.getUTCSeconds() };
}

interface SimulatedMeter {
  found: FoundDevice;
  serialNumber: string;
  characteristics: Record<number, Array<{ uuid: number; kind?: 'notification' | 'indication' }>>;
}

const meters: Record<string, SimulatedMeter> = {
  'SIM-BP-01': {
    found: { deviceId: 'SIM-BP-01', name: 'Yuwell BP-YE680A', services: [0x1810] },
    serialNumber: 'SIM-BP-000001',
    characteristics: { 0x1810: [{ uuid: 0x2a35, kind: 'indication' }, { uuid: 0x2a49 }], 0x180a: [{ uuid: 0x2a25 }] },
  },
  'SIM-BG-01': {
    found: { deviceId: 'SIM-BG-01', name: 'Yuwell Glucose 580', services: [0x1808] },
    serialNumber: 'SIM-BG-000001',
    characteristics: { 0x1808: [{ uuid: 0x2a18, kind: 'notification' }, { uuid: 0x2a34, kind: 'notification' }, { uuid: 0x2a51 }, { uuid: 0x2a52, kind: 'indication' }], 0x180a: [{ uuid: 0x2a25 }] },
  },
};

const ascii = (text: string) => Uint8Array.from(Array.from(text, (c) => c.charCodeAt(0) & 0x7f));

export function simulatedBle(store: SimulatedMeterStore, now: () => Date = () => new Date()): BleAdapter {
  const listeners = new Set<(value: GattValue) => void>();
  const connected = new Set<string>();
  const discovered = new Set<string>();
  const subscribed = new Set<string>();
  const state = (): SimulatedMeterState => {
    const stored = store.load();
    if (stored) return stored;
    const fresh = initialSimulatedState(now());
    store.save(fresh);
    return fresh;
  };
  const emit = async (deviceId: string, serviceUuid: number, characteristicUuid: number, value: Uint8Array) => {
    await sleep(30);
    if (!connected.has(deviceId)) return;
    for (const listener of [...listeners]) listener({ deviceId, serviceUuid, characteristicUuid, value });
  };
  const meterOf = (deviceId: string) => {
    const meter = meters[deviceId];
    if (!meter || !connected.has(deviceId)) throw bleError('meter_connect_failed');
    return meter;
  };
  const characteristic = (deviceId: string, serviceUuid: number, characteristicUuid: number) => {
    const meter = meterOf(deviceId);
    // iOS: nothing works on a service whose characteristics were not discovered first.
    if (!discovered.has(`${deviceId}:${serviceUuid}`)) throw bleError('meter_transfer_failed', new Error('characteristics not discovered (iOS rule)'));
    const found = meter.characteristics[serviceUuid]?.find((c) => c.uuid === characteristicUuid);
    if (!found) throw bleError('meter_transfer_failed', new Error(`no characteristic ${characteristicUuid.toString(16)}`));
    return found;
  };

  const sendBloodPressureRecords = async (deviceId: string) => {
    for (const r of state().bloodPressure) {
      const bytes = encodeBloodPressureMeasurement({ systolic: r.systolic, diastolic: r.diastolic, meanArterialPressure: Math.round((r.systolic + 2 * r.diastolic) / 3), timestamp: deviceTime(r.at), pulseRateBpm: r.pulse, userId: 1, statusBits: r.statusBits });
      await emit(deviceId, 0x1810, 0x2a35, bytes);
    }
  };

  const answerRacp = async (deviceId: string, request: Uint8Array) => {
    const [op, operator, filter, lo, hi] = Array.from(request);
    const records = state().glucose;
    if (op === racpOpCodes.reportNumberOfStoredRecords) {
      await emit(deviceId, 0x1808, 0x2a52, encodeRacpNumberOfRecords(records.length));
      return;
    }
    if (op !== racpOpCodes.reportStoredRecords) {
      await emit(deviceId, 0x1808, 0x2a52, encodeRacpResponseCode(op ?? 0, 2));
      return;
    }
    let selected: SimulatedGlucoseRecord[];
    if (operator === 1) selected = records;
    else if (operator === 3 && filter === 1 && lo !== undefined && hi !== undefined) selected = records.filter((r) => r.sequenceNumber >= (lo | (hi << 8)));
    else {
      await emit(deviceId, 0x1808, 0x2a52, encodeRacpResponseCode(op, 4));
      return;
    }
    for (const r of selected) {
      const bytes = encodeGlucoseMeasurement({ sequenceNumber: r.sequenceNumber, baseTime: deviceTime(r.at), timeOffsetMinutes: 0, concentration: r.mgPerDl / 100_000, concentrationDecimals: 5, unit: 'kg/L', typeCode: 2, locationCode: 1, statusBits: 0 });
      await emit(deviceId, 0x1808, 0x2a18, bytes);
    }
    await emit(deviceId, 0x1808, 0x2a52, encodeRacpResponseCode(op, selected.length > 0 ? 1 : 6));
  };

  return {
    kind: 'simulated',
    async open() {
      state();
    },
    async discover(services, onFound) {
      await sleep(100);
      for (const meter of Object.values(meters)) if (meter.found.services.some((s) => services.includes(s))) onFound(meter.found);
    },
    async connect(deviceId) {
      if (!meters[deviceId]) throw bleError('meter_connect_failed');
      await sleep(50);
      connected.add(deviceId);
    },
    async characteristicsOf(deviceId, serviceUuid) {
      const meter = meterOf(deviceId);
      discovered.add(`${deviceId}:${serviceUuid}`);
      return (meter.characteristics[serviceUuid] ?? []).map((c) => c.uuid);
    },
    async subscribe(deviceId, serviceUuid, characteristicUuid, kind) {
      const found = characteristic(deviceId, serviceUuid, characteristicUuid);
      if (found.kind !== kind) throw bleError('meter_transfer_failed', new Error(`0x${characteristicUuid.toString(16)} is ${found.kind ?? 'neither'}, not ${kind}`));
      subscribed.add(`${deviceId}:${characteristicUuid}`);
      if (characteristicUuid === 0x2a35) void sendBloodPressureRecords(deviceId);
    },
    onValue(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async read(deviceId, serviceUuid, characteristicUuid) {
      characteristic(deviceId, serviceUuid, characteristicUuid);
      return ascii(meterOf(deviceId).serialNumber);
    },
    async write(deviceId, serviceUuid, characteristicUuid, value) {
      characteristic(deviceId, serviceUuid, characteristicUuid);
      if (characteristicUuid !== 0x2a52) throw bleError('meter_transfer_failed');
      // The Glucose Profile: measurement notifications and RACP indications on before any request.
      if (!subscribed.has(`${deviceId}:${0x2a52}`) || !subscribed.has(`${deviceId}:${0x2a18}`)) {
        await emit(deviceId, 0x1808, 0x2a52, encodeRacpResponseCode(value[0] ?? 0, 8));
        return;
      }
      void answerRacp(deviceId, value);
    },
    async disconnect(deviceId) {
      connected.delete(deviceId);
      for (const set of [discovered, subscribed]) {
        for (const key of [...set]) if (key.startsWith(`${deviceId}:`)) set.delete(key);
      }
    },
    async close() {
      listeners.clear();
    },
  };
}
