import type { ScorecardView } from '../../shared/api/scorecard';
import { cell } from '../reports/reportCsv';

/**
 * The scorecard as CSV for Excel (UTF-8 with a BOM, CRLF): one row per institution and team, each
 * figure with its numerator and denominator, then every figure's formula. Rates are percentages
 * with two decimals; empty where nothing was there to measure.
 */
const levelName = { institution: '机构', team: '团队' } as const;

function shown(unit: ScorecardView['metrics'][number]['unit'], value: number | null): string | number {
  if (value === null) return '';
  return unit === 'rate' ? (value * 100).toFixed(2) : value;
}

export function scorecardCsv(card: ScorecardView): string {
  const header = ['层级', '机构', '团队', '名称', ...card.metrics.flatMap((m) => (m.unit === 'count' ? [m.label] : [`${m.label}${m.unit === 'rate' ? '%' : ''}`, '分子', '分母']))];
  const lines: unknown[][] = [[`履约考核 ${card.period.from} 至 ${card.period.to}`], header];
  for (const row of card.rows) {
    const values = new Map(row.values.map((v) => [v.key, v]));
    lines.push([
      levelName[row.level],
      row.institutionId,
      row.teamId,
      row.name,
      ...card.metrics.flatMap((m) => {
        const v = values.get(m.key);
        return m.unit === 'count' ? [v?.value ?? 0] : [shown(m.unit, v?.value ?? null), v?.numerator ?? 0, v?.denominator ?? 0];
      }),
    ]);
  }
  lines.push([], ['指标', '计算方法']);
  for (const m of card.metrics) lines.push([m.label, m.formula]);
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
