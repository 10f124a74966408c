/**
 * Request and response schemas of the meter routes (server/routes/devices.ts), shared with the
 * mini-program's service (miniapp/services/meters.ts). The app sends the characteristic values
 * exactly as the meter sent them (hex); the service decodes them with shared/devices/bluetooth.ts,
 * so what is stored never depends on the phone's decoding.
 */
import { z } from 'zod';

export const meterProfiles = ['bloodPressure', 'glucose'] as const;
export type MeterProfile = (typeof meterProfiles)[number];
export const meterCharacteristics = ['bloodPressureMeasurement', 'glucoseMeasurement'] as const;
export const MAX_RECORDS_PER_IMPORT = 500;

export const meterImportBody = z
  .object({
    meter: z.object({
      deviceId: z.string().trim().min(1).max(64).describe('平台给出的设备编号（安卓为 MAC，iOS 为每台手机不同的 UUID）'),
      name: z.string().trim().max(40).default('').describe('设备广播名，如 Yuwell BP-YE680A'),
      serialNumber: z.string().trim().max(40).optional().describe('设备信息服务 0x180A 的序列号 0x2A25（如能读到）'),
      profile: z.enum(meterProfiles),
    }),
    records: z
      .array(
        z.object({
          characteristic: z.enum(meterCharacteristics),
          valueHex: z.string().regex(/^([0-9a-fA-F]{2}){1,32}$/, '应为设备发来的原始字节（十六进制）'),
        }),
      )
      .max(MAX_RECORDS_PER_IMPORT, `一次最多导入 ${MAX_RECORDS_PER_IMPORT} 条`),
  })
  .refine((b) => b.records.every((r) => r.characteristic === (b.meter.profile === 'bloodPressure' ? 'bloodPressureMeasurement' : 'glucoseMeasurement')), {
    message: '读数类型与设备类型不符',
    path: ['records'],
  })
  .meta({
    description: '从蓝牙血压计/血糖仪导入读数：原始特征值（0x2A35 / 0x2A18），按设备自身的时间和序号去重',
    examples: [
      {
        meter: { deviceId: 'A4:C1:38:00:11:22', name: 'Yuwell BP-YE680A', profile: 'bloodPressure' },
        records: [{ characteristic: 'bloodPressureMeasurement', valueHex: '1e8e0058006a00ea07030a070f1e4800010000' }],
      },
    ],
  });

export const meterView = z.object({
  meterId: z.string(),
  profile: z.enum(meterProfiles),
  name: z.string(),
  lastDeviceId: z.string(),
  lastSequence: z.number().int().nullable().describe('血糖仪最后导入的记录序号；下次只取之后的记录'),
  lastSyncedAt: z.string(),
});
export type MeterView = z.output<typeof meterView>;

export const importedReadingView = z.object({
  readingId: z.string(),
  measure: z.enum(['bp', 'glucose']),
  measuredAt: z.string(),
  values: z.record(z.string(), z.number()),
  notes: z.array(z.string()),
  duplicate: z.boolean().describe('true：以前已导入过（同一设备记录），未重复保存'),
});

export const meterImportResponse = z.object({
  meter: meterView,
  imported: z.number().int(),
  alreadyImported: z.number().int(),
  skipped: z.array(z.object({ index: z.number().int(), reason: z.string(), message: z.string() })),
  readings: z.array(importedReadingView),
});
export type MeterImportResult = z.output<typeof meterImportResponse>;

export const metersResponse = z.object({ meters: z.array(meterView) });
