import { scorecardView, type ScorecardView } from '../../shared/api/scorecard';
import { parsed } from './apiSchema';
import { openProtectedFile } from './fileExport';
import { api } from './http';

/**
 * 履约考核: admins compare every team and institution, a team lead sees their own team (the service
 * picks the caller's team when none is named). Figures stay numbers until `metricText`.
 *
 *   loadScorecard(query)      GET /api/scorecard
 *   exportScorecardCsv(query) GET /api/scorecard.csv
 */
export type { ScorecardView };
export interface ScorecardQuery {
  year: number;
  from?: string;
  to?: string;
  teamId?: string;
}

export const loadScorecard = (query: ScorecardQuery) => parsed(scorecardView, api.get('/api/scorecard', { query: { ...query } }));
export const exportScorecardCsv = (query: ScorecardQuery) => openProtectedFile({ path: '/api/scorecard.csv', query: { ...query }, kind: 'csv', fileName: `履约考核-${query.from ?? `${query.year}-01-01`}.csv` });

/** Pure: a figure as the page shows it — rates as percentages, "—" when there was nothing to measure. */
export function metricText(unit: ScorecardView['metrics'][number]['unit'], value: number | null): string {
  if (value === null) return '—';
  if (unit === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'score') return `${value.toFixed(2)} 分`;
  if (unit === 'pointsPerResident') return `${value.toFixed(2)} 积分/人`;
  return `${value}`;
}

/** Pure: "3 / 4" beside a rate; empty for plain counts. */
export function fractionText(v: ScorecardView['rows'][number]['values'][number]): string {
  return v.denominator === null ? '' : `${v.numerator} / ${v.denominator}`;
}
