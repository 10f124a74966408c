import { reportView, type ReportDto, type ReportRowDto, type reportLevels } from '../../shared/api/reports';
import { parsed } from './apiSchema';
import { formatDateTime, formatDayRange } from './displayTime';
import { openProtectedFile, type ProtectedFileOutcome } from './fileExport';
import { api } from './http';

/**
 * 项目统计 (admins only): `GET /api/admin/reports/programme` for a year or one of its quarters, as
 * figures per level (全市 / 机构 / 团队), with the points and the pharmacies' settlements; the same
 * report as CSV. Rates stay numbers (0–1) until `rateText`; money stays in fen for <Price>.
 */
export { adminRoutes } from './staffRoutes';

export type Quarter = 1 | 2 | 3 | 4;
export interface ReportPeriod {
  year: number;
  /** null: the whole year */
  quarter: Quarter | null;
}

export const quarterOptions = [
  { key: 'all', label: '全年' },
  { key: '1', label: '一季度' },
  { key: '2', label: '二季度' },
  { key: '3', label: '三季度' },
  { key: '4', label: '四季度' },
] as const;

export function yearOptions(thisYear: number): Array<{ key: string; label: string }> {
  return [thisYear, thisYear - 1, thisYear - 2].map((y) => ({ key: String(y), label: `${y}年` }));
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Pure: the query of a period — a quarter is its first to its last day. */
export function periodQuery(period: ReportPeriod): { year: number; from?: string; to?: string } {
  if (period.quarter === null) return { year: period.year };
  const firstMonth = (period.quarter - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const mm = (m: number) => String(m).padStart(2, '0');
  return { year: period.year, from: `${period.year}-${mm(firstMonth)}-01`, to: `${period.year}-${mm(lastMonth)}-${lastDayOfMonth(period.year, lastMonth)}` };
}

export type ScopeLevel = (typeof reportLevels)[number];

export const scopeOptions = [
  { key: 'programme', label: '全市项目' },
  { key: 'institution', label: '按机构' },
  { key: 'team', label: '按团队' },
] as const;

export interface RateView {
  key: string;
  label: string;
  /** "85.3%" or "—" when there is nobody to divide by */
  rateText: string;
  /** "123 / 145 人" */
  countText: string;
  /** 0–100 for the bar; null without a rate */
  percent: number | null;
  /** How the number is computed (numerator ÷ denominator and the rules), from the report itself. */
  formulaText: string;
}

export interface FigureGroupView {
  key: string;
  title: string;
  rates: RateView[];
}

export interface ReportRowView {
  /** 'programme', an institution id or `team:<id>` */
  key: string;
  level: ScopeLevel;
  name: string;
  groups: FigureGroupView[];
}

export interface ReportView {
  periodText: string;
  asOfText: string;
  programme: ReportRowView;
  institutions: ReportRowView[];
  teams: ReportRowView[];
  points: {
    issuedPoints: number;
    redeemedPoints: number;
    expiredPoints: number;
    outstandingPoints: number;
    issuedFen: number;
    redeemedFen: number;
    expiredFen: number;
    outstandingLiabilityFen: number;
  };
  settlements: Array<{ pharmacyId: string; name: string; statements: number; totalFen: number; paidFen: number; unpaidFen: number }>;
  /** 服药依从性 (as of today, last 30 days): residents with a daily plan, how many take it regularly. */
  adherence: { residents: number; good: number; poor: number; rateText: string };
}

/** 0.8534 → "85.3%"; null → "—". */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

type RateDef = [key: string, label: string, numerator: string, denominator: string | 'targetPopulation'];

const groups: Array<{ key: string; title: string; rates: RateDef[] }> = [
  { key: 'signing', title: '家庭医生签约', rates: [['signingRate', '签约率', 'contracted', 'targetPopulation']] },
  {
    key: 'htn',
    title: '高血压',
    rates: [
      ['htnSpecRate', '规范管理率', 'htnSpec', 'htnManaged'],
      ['htnControlRate', '血压控制率', 'htnControlled', 'htnManaged'],
    ],
  },
  {
    key: 'dm',
    title: '糖尿病',
    rates: [
      ['dmSpecRate', '规范管理率', 'dmSpec', 'dmManaged'],
      ['dmControlRate', '血糖控制率', 'dmControlled', 'dmManaged'],
    ],
  },
  {
    key: 'screening',
    title: '筛查',
    rates: [
      ['bpScreeningRate', '血压筛查率（18岁以上）', 'bpScreened', 'bpEligible'],
      ['glucoseScreeningRate', '血糖筛查率（35岁以上）', 'glucoseScreened', 'glucoseEligible'],
      ['lipidsScreeningRate', '血脂筛查率（35岁以上）', 'lipidsScreened', 'lipidsEligible'],
      ['hcyScreeningRate', 'Hcy 检测率（高血压患者）', 'hcyTested', 'hcyEligible'],
    ],
  },
];

const levelNames: Record<ScopeLevel, string> = { programme: '全市项目', institution: '机构', team: '团队' };

/** Pure: the report's formula of each rate (`formulas` of the response), by rate key. */
export function formulasOf(data: Pick<ReportDto, 'formulas'>): Record<string, string> {
  return Object.fromEntries(data.formulas.map((f) => [f.rate, f.formula]));
}

/** Pure: one row of the report (any level) as its figure groups. */
export function reportRowOf(row: ReportRowDto, formulas: Record<string, string> = {}): ReportRowView {
  const { level, counts, rates } = row;
  const count = (key: string) => counts[key] ?? 0;
  const id = level === 'team' ? `team:${String(row.teamId)}` : level === 'institution' ? String(row.institutionId) : 'programme';
  return {
    key: id,
    level,
    name: row.name ? row.name : level === 'programme' ? levelNames.programme : `${levelNames[level]} ${String(level === 'team' ? row.teamId : row.institutionId)}`,
    groups: groups.map((g) => ({
      key: g.key,
      title: g.title,
      rates: g.rates.map(([key, label, numerator, denominator]) => {
        const rate = rates[key] ?? null;
        const below = denominator === 'targetPopulation' ? row.targetPopulation : count(denominator);
        return {
          key,
          label,
          rateText: rateText(rate),
          countText: below === null ? `${count(numerator)} 人（未设目标人群）` : `${count(numerator)} / ${below} 人`,
          percent: rate === null ? null : Math.min(100, Math.max(0, rate * 100)),
          formulaText: formulas[key] ?? '',
        };
      }),
    })),
  };
}

/** Pure: the whole response as the page shows it. */
export function reportViewOf(data: ReportDto): ReportView {
  const asOf = Object.values(data.asOf).sort();
  const formulas = formulasOf(data);
  const rowOf = (row: ReportRowDto) => reportRowOf(row, formulas);
  const adherence = data.medicationAdherence.programme;
  return {
    periodText: formatDayRange(data.period.from, data.period.to),
    asOfText: asOf.length > 0 ? `数据更新至 ${formatDateTime(asOf[0])}` : `生成于 ${formatDateTime(data.generatedAt)}`,
    programme: rowOf(data.programme),
    institutions: data.institutions.map(rowOf),
    teams: data.teams.map(rowOf),
    points: {
      issuedPoints: data.points.issuedPoints,
      redeemedPoints: data.points.redeemedPoints,
      expiredPoints: data.points.expiredPoints,
      outstandingPoints: data.points.outstandingPoints,
      issuedFen: data.points.issuedFen,
      redeemedFen: data.points.redeemedFen,
      expiredFen: data.points.expiredFen,
      outstandingLiabilityFen: data.points.outstandingLiabilityFen,
    },
    settlements: data.settlements.map((s) => ({
      pharmacyId: s.pharmacyId,
      name: s.name ? s.name : s.pharmacyId,
      statements: s.statements,
      totalFen: s.totalFen,
      paidFen: s.paidFen,
      unpaidFen: s.totalFen - s.paidFen,
    })),
    adherence: { residents: adherence.residents, good: adherence.good, poor: adherence.poor, rateText: rateText(adherence.goodRate) },
  };
}

export async function loadReport(period: ReportPeriod): Promise<ReportView> {
  return reportViewOf(await parsed(reportView, api.get('/api/admin/reports/programme', { query: periodQuery(period) })));
}

/** The rows a scope offers to choose from (the programme has just the one). */
export function rowsOfScope(report: ReportView, level: ScopeLevel): ReportRowView[] {
  if (level === 'institution') return report.institutions;
  if (level === 'team') return report.teams;
  return [report.programme];
}

export function periodLabel(period: ReportPeriod): string {
  return `${period.year}年${period.quarter === null ? '' : quarterOptions[period.quarter].label}`;
}

/** The same report as CSV (UTF-8 with BOM, opens in Excel). */
export function exportReportCsv(period: ReportPeriod): Promise<ProtectedFileOutcome> {
  return openProtectedFile({ path: '/api/admin/reports/programme.csv', query: periodQuery(period), kind: 'csv', fileName: `项目统计-${periodLabel(period)}.csv` });
}
