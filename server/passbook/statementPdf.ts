import { drawTable, renderPdf, type PdfColumn } from '../pdf/pdfDocument';

/**
 * 积分明细 printed at the clinic for a resident without a phone: name only (never the ID number or
 * phone), the period, the balances now, then every entry with the running balance. Large type.
 */
const columns: PdfColumn[] = [
  { header: '日期', widthPt: 90 },
  { header: '事项', widthPt: 225 },
  { header: '收入/支出', widthPt: 90 },
  { header: '余额', widthPt: 110 },
];

export interface StatementPdfRow {
  day: string;
  time: string;
  reasonText: string;
  points: number;
  heldDeltaPoints: number;
  balanceAfterPoints: number;
}

export function statementPdfRows(rows: StatementPdfRow[]): string[][] {
  return rows.map((r) => [
    `${r.day} ${r.time}`,
    r.reasonText,
    r.points > 0 ? `+${r.points}` : r.points < 0 ? `−${-r.points}` : r.heldDeltaPoints > 0 ? `冻结 ${r.heldDeltaPoints}` : r.heldDeltaPoints < 0 ? `解冻 ${-r.heldDeltaPoints}` : '0',
    String(r.balanceAfterPoints),
  ]);
}

export function buildStatementPdf(input: {
  residentName: string;
  fromMonth: string;
  toMonth: string;
  printedAt: Date;
  openingBalancePoints: number;
  closingBalancePoints: number;
  summary: { balancePoints: number; heldPoints: number; availablePoints: number; expiringSoon: Array<{ text: string }> };
  rows: StatementPdfRow[];
}): Promise<Buffer> {
  const printed = new Date(input.printedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  return renderPdf({
    title: `积分明细 ${input.residentName} ${input.fromMonth}–${input.toMonth}`,
    draw: (doc) => {
      doc.fontSize(20).fillColor('#111111').text('居民健康存折 · 积分明细');
      doc.moveDown(0.4);
      doc.fontSize(13).text(`姓名：${input.residentName}`);
      doc.text(`期间：${input.fromMonth} 至 ${input.toMonth}`);
      doc.text(`打印时间：${printed}`);
      doc.moveDown(0.4);
      doc.fontSize(15).text(`当前积分：${input.summary.balancePoints}    可用：${input.summary.availablePoints}    冻结中：${input.summary.heldPoints}`);
      for (const notice of input.summary.expiringSoon) doc.fontSize(13).fillColor('#8a5a00').text(`提醒：${notice.text}`);
      doc.fillColor('#111111').fontSize(12).text(`期初余额：${input.openingBalancePoints}    期末余额：${input.closingBalancePoints}    共 ${input.rows.length} 笔`);
      doc.moveDown(0.6);
      if (input.rows.length === 0) doc.fontSize(13).text('这段时间没有积分变动。');
      else drawTable(doc, { columns, rows: statementPdfRows(input.rows), fontSizePt: 11, colorOf: (i) => ((input.rows[i]?.points ?? 0) < 0 ? '#a8201a' : '#111111') });
      doc.moveDown(0.5);
      doc.fontSize(10).fillColor('#4a4a4a').text('积分可在合作药店抵扣项目内药品和检测的自付费用（以当期规则为准）。如对明细有疑问，请咨询您的家庭医生团队。', { width: 515 });
    },
  });
}
