import { meterImportResponse, metersResponse, type MeterImportResult, type MeterProfile, type MeterView } from '../../shared/api/devices';
import { gattServices } from '../../shared/devices/bluetooth';
import { bleChoices, type BleChoice, type FoundDevice } from '../platform/ble';
import { parsed } from './apiSchema';
import { formatDateTime } from './displayTime';
import { profileOf, readMeter } from './meterReader';
import { residentRequest } from './profile';

/**
 * 从血压计/血糖仪导入: the meters the family synced before, finding new ones, and one sync —
 * read the meter's stored records (./meterReader.ts), send them to the service, which decodes and
 * stores each once. Pages get view models; the service's answers are parsed with the shared schemas.
 *
 *   loadMeters()            GET  /api/residents/:id/meters
 *   syncMeter(choice, meter) POST /api/residents/:id/meter-imports
 */
export const meterServices = [gattServices.bloodPressure, gattServices.glucose];

export const profileLabels: Record<MeterProfile, string> = { bloodPressure: '血压计', glucose: '血糖仪' };

export interface MeterRowView {
  meterId: string;
  deviceId: string;
  /** The meter's own advertised name, shown as printed on it. */
  name: string;
  profile: MeterProfile;
  title: string;
  meta: string;
  lastSequence: number | null;
}

export function meterRowOf(m: MeterView): MeterRowView {
  return { meterId: m.meterId, deviceId: m.lastDeviceId, name: m.name, profile: m.profile, title: profileLabels[m.profile], meta: `上次同步 ${formatDateTime(m.lastSyncedAt)}`, lastSequence: m.lastSequence };
}

export async function loadMeters(): Promise<MeterRowView[]> {
  return (await parsed(metersResponse, residentRequest('/meters'))).meters.map(meterRowOf);
}

export function availableBle(): BleChoice[] {
  return bleChoices();
}

export interface FoundMeterView {
  deviceId: string;
  name: string;
  profile: MeterProfile;
  title: string;
}

/** Opens Bluetooth and reports each blood-pressure or glucose meter nearby. */
export async function findMeters(choice: BleChoice, onFound: (meter: FoundMeterView) => void, durationMs = 4000): Promise<void> {
  await choice.adapter.open();
  await choice.adapter.discover(meterServices, (device: FoundDevice) => {
    const profile = profileOf(device);
    if (profile) onFound({ deviceId: device.deviceId, name: device.name, profile, title: profileLabels[profile] });
  }, durationMs);
}

export interface SyncResultView {
  title: string;
  importedText: string;
  readings: Array<{ id: string; text: string; timeText: string; notes: string[]; duplicate: boolean }>;
  skipped: string[];
  result: MeterImportResult;
}

export function syncResultView(result: MeterImportResult): SyncResultView {
  const newOnes = result.readings.filter((r) => !r.duplicate);
  return {
    title: result.imported > 0 ? `新导入 ${result.imported} 条读数` : '没有新读数',
    importedText: result.alreadyImported > 0 ? `另有 ${result.alreadyImported} 条以前已导入，没有重复保存` : result.imported > 0 ? '已保存到您的记录' : '设备里没有新的测量',
    readings: newOnes.map((r) => ({
      id: r.readingId,
      text: r.measure === 'bp' ? `血压 ${r.values['systolicMmHg'] ?? ''}/${r.values['diastolicMmHg'] ?? ''}${r.values['heartRateBpm'] !== undefined ? `，脉搏 ${r.values['heartRateBpm']}` : ''}` : `血糖 ${r.values['glucoseMmolL'] ?? ''} mmol/L`,
      timeText: formatDateTime(r.measuredAt),
      notes: r.notes,
      duplicate: r.duplicate,
    })),
    skipped: result.skipped.map((s) => `第 ${s.index + 1} 条没有导入：${s.message}`),
    result,
  };
}

/** One sync: read the meter, then store what it sent. */
export async function syncMeter(choice: BleChoice, meter: { deviceId: string; name: string; profile: MeterProfile; lastSequence: number | null }): Promise<SyncResultView> {
  await choice.adapter.open();
  const readout = await readMeter(choice.adapter, meter.deviceId, meter.profile, { lastSequence: meter.profile === 'glucose' ? meter.lastSequence : null });
  const body = { meter: { deviceId: meter.deviceId, name: meter.name, profile: meter.profile, ...(readout.serialNumber ? { serialNumber: readout.serialNumber } : {}) }, records: readout.records };
  return syncResultView(await parsed(meterImportResponse, residentRequest('/meter-imports', { method: 'POST', body })));
}

