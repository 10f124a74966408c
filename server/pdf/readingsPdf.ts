import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { actingAsLabels, readingCells, readingsForExport, shanghaiDateTime, type CsvReading, type ExportRange } from '../records/readingsCsv';
import { drawTable, renderPdf, type PdfColumn } from './pdfDocument';

/**
 * The readings export as a PDF a resident can send to a doctor: the resident's name (never the ID
 * number), the date range, then a table of readings with their grades, oldest first. Same range
 * and rows as the CSV export (server/records/readingsCsv.ts), same labels.
 */
const columns: PdfColumn[] = [
  { header: '测量时间', widthPt: 82 },
  { header: '项目', widthPt: 58 },
  { header: '数值', widthPt: 170 },
  { header: '单位', widthPt: 46 },
  { header: '评估', widthPt: 80 },
  { header: '是否达标', widthPt: 44 },
  { header: '录入', widthPt: 35 },
];

export function readingsPdfRows(readings: CsvReading[]): string[][] {
  return readings.map((r) => [
    ...readingCells(r),
    actingAsLabels[r.enteredBy.actingAs] ?? r.enteredBy.actingAs,
  ]);
}

export function buildReadingsPdf(input: { residentName: string; fromDay: string; toDay: string; exportedAt: Date; readings: CsvReading[] }): Promise<Buffer> {
  return renderPdf({
    title: `家庭自测记录 ${input.residentName} ${input.fromDay}–${input.toDay}`,
    draw: (doc) => {
      doc.fontSize(18).fillColor('#111111').text('居民健康存折 · 家庭自测记录');
      doc.moveDown(0.4);
      doc.fontSize(12).text(`姓名：${input.residentName}`);
      doc.text(`日期范围：${input.fromDay} 至 ${input.toDay}`);
      doc.text(`导出时间：${shanghaiDateTime(input.exportedAt)}    记录条数：${input.readings.length}`);
      doc.moveDown(0.6);
      if (input.readings.length === 0) {
        doc.fontSize(12).text('这段时间没有测量记录。');
      } else {
        drawTable(doc, { columns, rows: readingsPdfRows(input.readings), colorOf: (i) => (input.readings[i]?.assessment.urgent ? '#a8201a' : '#111111') });
      }
      doc.moveDown(0.5);
      doc.fontSize(9).fillColor('#4a4a4a').text('血压为每次2–3遍读数的平均值。本记录由居民或家属在家测量并录入，仅供医生参考。', { width: 515 });
    },
  });
}

export async function readingsPdfExporter(deps: AppDeps, resident: { _id: Types.ObjectId; name: string }, range: ExportRange) {
  // A PDF is read by a person: 5,000 rows is already ~100 pages.
  const { exportedAt, fromDay, toDay, readings } = await readingsForExport(deps, resident._id, range, 5_000);
  const content = await buildReadingsPdf({ residentName: resident.name, fromDay, toDay, exportedAt, readings });
  return {
    filename: `健康自测记录_${resident.name}_${fromDay}_${toDay}.pdf`,
    contentType: 'application/pdf',
    content,
  };
}
