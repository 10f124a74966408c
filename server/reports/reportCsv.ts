import type { ProgrammeReport, ReportRow } from './programmeReport';

/**
 * The report as CSV for Excel: UTF-8 with a BOM, CRLF, Chinese headers. Rates are percentages with
 * two decimals (empty when the denominator is 0 or no target population is set); money in yuan
 * with two decimals, computed from integer fen. Text cells that a spreadsheet would run as a
 * formula (=, +, -, @) are prefixed with a quote.
 */
export const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const pct = (rate: number | null) => (rate === null ? '' : (rate * 100).toFixed(2));
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
const levelName = { programme: '全市', institution: '机构', team: '团队' } as const;

const header = [
  '层级', '机构', '团队', '名称', '目标人群', '签约人数', '签约率%',
  '高血压管理人数', '高血压规范管理人数', '高血压规范管理率%', '血压控制人数', '失访人数(高血压)', '血压控制率%',
  '糖尿病管理人数', '糖尿病规范管理人数', '糖尿病规范管理率%', '血糖控制人数', '失访人数(糖尿病)', '血糖控制率%',
  '血压筛查(18岁+)', '应筛人数', '血压筛查率%', '血糖筛查(35岁+)', '应筛人数', '血糖筛查率%', '血脂筛查(35岁+)', '应筛人数', '血脂筛查率%', 'Hcy检测', '应检人数', 'Hcy检测率%',
];

function rowCells(r: ReportRow): unknown[] {
  const c = r.counts;
  return [
    levelName[r.level], r.institutionId, r.teamId, r.name, r.targetPopulation, c.contracted, pct(r.rates.signingRate),
    c.htnManaged, c.htnSpec, pct(r.rates.htnSpecRate), c.htnControlled, c.htnLost, pct(r.rates.htnControlRate),
    c.dmManaged, c.dmSpec, pct(r.rates.dmSpecRate), c.dmControlled, c.dmLost, pct(r.rates.dmControlRate),
    c.bpScreened, c.bpEligible, pct(r.rates.bpScreeningRate), c.glucoseScreened, c.glucoseEligible, pct(r.rates.glucoseScreeningRate),
    c.lipidsScreened, c.lipidsEligible, pct(r.rates.lipidsScreeningRate), c.hcyTested, c.hcyEligible, pct(r.rates.hcyScreeningRate),
  ];
}

export function reportCsv(report: ProgrammeReport): string {
  const lines: unknown[][] = [[`统计区间 ${report.period.from} 至 ${report.period.to}`], header];
  for (const r of [report.programme, ...report.institutions, ...report.teams]) lines.push(rowCells(r));
  lines.push([], ['计算方法', '指标', '公式与口径']);
  for (const f of report.formulas) lines.push(['', f.label, f.formula]);
  const p = report.points;
  lines.push([], ['积分', '发放(元)', '兑付(元)', '过期(元)', '期末未兑付负债(元)']);
  lines.push(['合计', yuan(p.issuedFen), yuan(p.redeemedFen), yuan(p.expiredFen), yuan(p.outstandingLiabilityFen)]);
  lines.push([], ['药房结算', '药房名称', '结算单数', '兑付(元)', '退回(元)', '调整(元)', '结算合计(元)', '已付(元)']);
  for (const s of report.settlements) lines.push([s.pharmacyId, s.name, s.statements, yuan(s.capturedFen), yuan(s.reversedFen), yuan(s.adjustmentFen), yuan(s.totalFen), yuan(s.paidFen)]);
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
