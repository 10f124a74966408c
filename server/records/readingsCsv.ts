import type { Types } from 'mongoose';
import { addCalendarDays, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { ReadingMeasure } from '../models/reading';
import type { Assessment } from './readingAssessor';
import { glucoseTimingLabels, gradeLabels, measureLabels } from '../../shared/clinical/labels';

/**
 * The readings export a resident sends to a doctor: CSV in UTF-8 with a BOM (so Excel opens the
 * Chinese correctly), the resident's name and the date range in the header lines, then one row
 * per reading, oldest first. Cells that a spreadsheet would run as a formula are defused.
 */
export const sourceLabels: Record<string, string> = { manual: '手工录入', device: '设备上传', clinic: '诊室测量' };
export const actingAsLabels: Record<string, string> = { resident: '本人', proxy: '家属代录', clinic: '医生' };

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (cells: Array<string | number | null | undefined>) => cells.map(csvCell).join(',');

/** Shanghai wall-clock time, 'YYYY-MM-DD HH:mm'. */
export function shanghaiDateTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16).replace('T', ' ');
}

export function describeValues(measure: string, values: Record<string, unknown>): { value: string; unit: string } {
  switch (measure) {
    case 'bp': {
      const mean = values.mean as { systolicMmHg: number; diastolicMmHg: number; heartRateBpm?: number; readingCount: number };
      const pulse = mean.heartRateBpm !== undefined ? `，脉搏${mean.heartRateBpm}` : '';
      return { value: `${mean.systolicMmHg}/${mean.diastolicMmHg}（${mean.readingCount}次平均${pulse}）`, unit: 'mmHg' };
    }
    case 'glucose':
      return { value: `${String(values.glucoseMmolL)}（${glucoseTimingLabels[String(values.timing) as keyof typeof glucoseTimingLabels] ?? ''}）`, unit: 'mmol/L' };
    case 'lipids': {
      const parts = [
        ['总胆固醇', values.totalCholesterolMmolL],
        ['甘油三酯', values.triglyceridesMmolL],
        ['LDL-C', values.ldlCholesterolMmolL],
        ['HDL-C', values.hdlCholesterolMmolL],
      ].filter(([, v]) => v !== undefined);
      return { value: parts.map(([k, v]) => `${String(k)} ${String(v)}`).join('；'), unit: 'mmol/L' };
    }
    case 'hcy':
      return { value: String(values.hcyUmolL), unit: 'μmol/L' };
    case 'weight':
      return { value: `${String(values.weightKg)}${typeof values.bmi === 'number' ? `（BMI ${values.bmi}）` : ''}`, unit: 'kg' };
    default:
      return { value: JSON.stringify(values), unit: '' };
  }
}

export interface CsvReading {
  measure: string;
  measuredAt: Date;
  values: Record<string, unknown>;
  assessment: Assessment;
  source: string;
  enteredBy: { actingAs: string };
}

/** The cells every export shows of a reading, in order: time, item, value, unit, grade (紧急 marked), 达标. */
export function readingCells(r: CsvReading): string[] {
  const { value, unit } = describeValues(r.measure, r.values);
  const grade = r.assessment.grade ? (gradeLabels[r.assessment.grade] ?? r.assessment.grade) : '';
  const atTarget = r.assessment.atTarget === null ? '' : r.assessment.atTarget ? '达标' : '未达标';
  return [
    shanghaiDateTime(r.measuredAt),
    measureLabels[r.measure as keyof typeof measureLabels] ?? r.measure,
    value,
    unit,
    r.assessment.urgent ? `${grade}（紧急）` : grade,
    atTarget,
  ];
}

export function buildReadingsCsv(input: { residentName: string; fromDay: string; toDay: string; exportedAt: Date; readings: CsvReading[] }): string {
  const lines = [
    row(['居民健康存折 · 家庭自测记录']),
    row(['姓名', input.residentName]),
    row(['日期范围', `${input.fromDay} 至 ${input.toDay}`]),
    row(['导出时间', shanghaiDateTime(input.exportedAt)]),
    row(['记录条数', input.readings.length]),
    '',
    row(['测量时间', '项目', '数值', '单位', '评估', '是否达标', '来源', '录入人']),
    ...input.readings.map((r) => {
      return row([
        ...readingCells(r),
        sourceLabels[r.source] ?? r.source,
        actingAsLabels[r.enteredBy.actingAs] ?? r.enteredBy.actingAs,
      ]);
    }),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const EXPORT_MAX_DAYS = 366;

export type ExportRange = { from?: string | undefined; to?: string | undefined; measure?: ReadingMeasure | undefined };

/** The readings of one export (CSV or PDF): the last 90 days unless a range is given, oldest first. */
export async function readingsForExport(deps: AppDeps, residentId: Types.ObjectId, range: ExportRange, limit: number) {
  const exportedAt = deps.clock.now();
  const toDay = range.to ?? shanghaiDate(exportedAt);
  const fromDay = range.from ?? addCalendarDays(toDay, -89);
  const readings = await deps.models.Reading.find({
    residentId,
    ...(range.measure ? { measure: range.measure } : {}),
    measuredAt: { $gte: toInstant(fromDay), $lt: toInstant(addCalendarDays(toDay, 1)) },
  })
    .sort({ measuredAt: 1 })
    .limit(limit)
    .lean<CsvReading[]>();
  return { exportedAt, fromDay, toDay, readings };
}

export async function readingsCsvExporter(deps: AppDeps, resident: { _id: Types.ObjectId; name: string }, range: ExportRange) {
  const { exportedAt, fromDay, toDay, readings } = await readingsForExport(deps, resident._id, range, 20_000);
  const content = buildReadingsCsv({ residentName: resident.name, fromDay, toDay, exportedAt, readings });
  return {
    filename: `健康自测记录_${resident.name}_${fromDay}_${toDay}.csv`,
    contentType: 'text/csv; charset=utf-8',
    content,
  };
}
