import { gattCharacteristics, gattServices, parseRacpResponse, racpReportAllRecords, racpReportRecordsAfter, toHex } from '../../shared/devices/bluetooth';
import { bleError, sleep, type BleAdapter, type FoundDevice } from '../platform/ble/types';
import type { MeterProfile } from '../../shared/api/devices';

/**
 * Reading a meter's stored records over GATT, the same procedure on every adapter:
 *
 *   connect → discover the profile's characteristics (iOS needs this before anything else)
 *   → read the serial number (Device Information 0x180A / 0x2A25), when there is one
 *   BP:      indicate 0x2A35 → the meter sends what it holds → done when it falls silent
 *   glucose: notify 0x2A18 (+ 0x2A34), indicate the RACP 0x2A52, wait (Android 10008), write
 *            `01 01` (all) or `01 03 01 LL HH` (after the last synced sequence) → records →
 *            `06 00 01 01` done / `06 00 01 06` no records
 *   → disconnect (always).
 *
 * The records come back as the meter sent them (hex); the service decodes them again.
 */
export interface MeterReadout {
  profile: MeterProfile;
  serialNumber?: string;
  records: Array<{ characteristic: 'bloodPressureMeasurement' | 'glucoseMeasurement'; valueHex: string }>;
}

export interface ReadOptions {
  /** The glucose meter's last imported sequence number; null for everything. */
  lastSequence: number | null;
  /** A BP meter is done after this long without a new record. */
  idleMs?: number;
  timeoutMs?: number;
  /** Android may refuse a write right after notifications are enabled (10008). */
  settleMs?: number;
}

/** Which profile a found device speaks: by advertised service, else by its name. */
export function profileOf(device: FoundDevice): MeterProfile | null {
  if (device.services.includes(gattServices.bloodPressure)) return 'bloodPressure';
  if (device.services.includes(gattServices.glucose)) return 'glucose';
  if (/BP|血压/i.test(device.name)) return 'bloodPressure';
  if (/Glu|BG|血糖/i.test(device.name)) return 'glucose';
  return null;
}

const deviceInformation = 0x180a;
const serialNumberString = 0x2a25;

async function serialNumberOf(adapter: BleAdapter, deviceId: string): Promise<string | undefined> {
  const characteristics = await adapter.characteristicsOf(deviceId, deviceInformation).catch((): number[] => []);
  if (!characteristics.includes(serialNumberString)) return undefined;
  const bytes = await adapter.read(deviceId, deviceInformation, serialNumberString).catch(() => null);
  // ASCII by the Device Information spec; no TextDecoder in older WeChat base libraries.
  const text = bytes ? String.fromCharCode(...Array.from(bytes).filter((b) => b >= 0x20 && b < 0x7f)).trim() : '';
  return text || undefined;
}

export async function readMeter(adapter: BleAdapter, deviceId: string, profile: MeterProfile, options: ReadOptions): Promise<MeterReadout> {
  const idleMs = options.idleMs ?? 1500;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const service = profile === 'bloodPressure' ? gattServices.bloodPressure : gattServices.glucose;
  const measurement = profile === 'bloodPressure' ? gattCharacteristics.bloodPressureMeasurement : gattCharacteristics.glucoseMeasurement;
  const racp = gattCharacteristics.recordAccessControlPoint;
  await adapter.connect(deviceId);
  try {
    const characteristics = await adapter.characteristicsOf(deviceId, service);
    if (!characteristics.includes(measurement)) throw bleError('bluetooth_not_supported');
    const serialNumber = await serialNumberOf(adapter, deviceId);
    const values: Uint8Array[] = [];
    let lastValueAt = Date.now();
    let racpAnswer: ((value: Uint8Array) => void) | null = null;
    const off = adapter.onValue((v) => {
      if (v.deviceId !== deviceId) return;
      if (v.characteristicUuid === measurement) {
        values.push(v.value);
        lastValueAt = Date.now();
      } else if (v.characteristicUuid === racp) racpAnswer?.(v.value);
    });
    const startedAt = Date.now();
    const untilSilent = async () => {
      while (Date.now() - lastValueAt < idleMs) {
        if (Date.now() - startedAt > timeoutMs) throw bleError('meter_timeout');
        await sleep(100);
      }
    };
    try {
      if (profile === 'bloodPressure' || !characteristics.includes(racp)) {
        await adapter.subscribe(deviceId, service, measurement, profile === 'bloodPressure' ? 'indication' : 'notification');
        lastValueAt = Date.now();
        await untilSilent();
      } else {
        await adapter.subscribe(deviceId, service, measurement, 'notification');
        if (characteristics.includes(gattCharacteristics.glucoseMeasurementContext)) await adapter.subscribe(deviceId, service, gattCharacteristics.glucoseMeasurementContext, 'notification');
        await adapter.subscribe(deviceId, service, racp, 'indication');
        await sleep(options.settleMs ?? 300);
        const request = options.lastSequence === null ? { ok: true as const, value: racpReportAllRecords() } : racpReportRecordsAfter(options.lastSequence);
        // Past the largest sequence number there is nothing newer to ask for.
        if (!request.ok) return { profile, ...(serialNumber ? { serialNumber } : {}), records: [] };
        let timer: ReturnType<typeof setTimeout> | undefined;
        const answered = new Promise<Uint8Array>((resolve, reject) => {
          racpAnswer = resolve;
          timer = setTimeout(() => reject(bleError('meter_timeout')), timeoutMs);
        });
        await adapter.write(deviceId, service, racp, request.value);
        const response = parseRacpResponse(await answered.finally(() => clearTimeout(timer)));
        const done = response.ok && response.value.kind === 'responseCode' && (response.value.response === 'success' || response.value.response === 'noRecordsFound');
        if (!done) throw bleError('meter_transfer_failed');
      }
    } finally {
      off();
    }
    const characteristic = profile === 'bloodPressure' ? ('bloodPressureMeasurement' as const) : ('glucoseMeasurement' as const);
    return { profile, ...(serialNumber ? { serialNumber } : {}), records: values.map((v) => ({ characteristic, valueHex: toHex(v) })) };
  } finally {
    await adapter.disconnect(deviceId);
  }
}
