import { decodeBloodPressureMeasurement, decodeGlucoseMeasurement, fromHex } from '../../../shared/devices/bluetooth';
import { glucoseReadingOf } from '../../../shared/devices/deviceReadings';
import { initialSimulatedState, simulatedBle, type SimulatedMeterState } from '../../../miniapp/platform/ble/simulated';
import { PlatformError } from '../../../miniapp/platform/types';
import { profileOf, readMeter } from '../../../miniapp/services/meterReader';

/**
 * The GATT procedure against the simulated meters (the H5 stand-in), which hold it to the
 * platform's rules: characteristics discovered before notify/write (iOS), the right notify kind,
 * notifications and indication on before a RACP request.
 */
describe('reading a meter over GATT (simulated meters)', () => {
  const now = new Date('2026-03-10T02:00:00Z');
  const memory = (state: SimulatedMeterState) => ({ load: () => state, save: () => undefined });
  const fast = { idleMs: 150, settleMs: 5 };

  test('found devices are told apart by service', async () => {
    const adapter = simulatedBle(memory(initialSimulatedState(now)));
    const found: string[] = [];
    await adapter.discover([0x1810, 0x1808], (d) => found.push(`${d.name} ${profileOf(d)}`), 100);
    expect(found).toEqual(['Yuwell BP-YE680A bloodPressure', 'Yuwell Glucose 580 glucose']);
  });

  test('a BP monitor sends every stored measurement on indication; the serial number comes along', async () => {
    const adapter = simulatedBle(memory(initialSimulatedState(now)));
    const readout = await readMeter(adapter, 'SIM-BP-01', 'bloodPressure', { lastSequence: null, ...fast });
    expect(readout.serialNumber).toBe('SIM-BP-000001');
    const decoded = readout.records.map((r) => decodeBloodPressureMeasurement(fromHex(r.valueHex)!));
    expect(decoded.map((d) => d.ok && `${d.value.systolic}/${d.value.diastolic} ${d.value.pulseRateBpm}`)).toEqual(['138/86 72', '142/88 76', '134/84 70']);
  });

  test.each<[number | null, number[]]>([
    [null, [1, 2, 3]],
    [1, [2, 3]],
    [3, []],
  ])('a glucose meter after sequence %p sends %p, then its RACP answer', async (lastSequence, sequences) => {
    const adapter = simulatedBle(memory(initialSimulatedState(now)));
    const readout = await readMeter(adapter, 'SIM-BG-01', 'glucose', { lastSequence, ...fast });
    const decoded = readout.records.map((r) => decodeGlucoseMeasurement(fromHex(r.valueHex)!));
    expect(decoded.map((d) => d.ok && d.value.sequenceNumber)).toEqual(sequences);
    if (lastSequence === null) {
      const first = decoded[0]!;
      expect(first.ok && glucoseReadingOf(first.value)).toMatchObject({ ok: true, reading: { glucoseMmolL: 6.1 } });
    }
  });

  test('the simulator refuses what a phone would: notify before discovering services, the wrong kind', async () => {
    const adapter = simulatedBle(memory(initialSimulatedState(now)));
    await adapter.connect('SIM-BP-01');
    await expect(adapter.subscribe('SIM-BP-01', 0x1810, 0x2a35, 'indication')).rejects.toBeInstanceOf(PlatformError);
    await adapter.characteristicsOf('SIM-BP-01', 0x1810);
    await expect(adapter.subscribe('SIM-BP-01', 0x1810, 0x2a35, 'notification')).rejects.toBeInstanceOf(PlatformError);
    await expect(adapter.connect('NO-SUCH-METER')).rejects.toMatchObject({ code: 'meter_connect_failed' });
  });
});
