import { passbookSummarySchema, statementPageSchema, type PassbookSummaryDto, type StatementItemDto, type StatementKind } from '../../shared/api/passbook';
import { currentPolicyView, type CurrentPolicyDto } from '../../shared/api/pointsPolicy';
import { parsed } from './apiSchema';
import { api } from './http';
import { residentRequest } from './profile';

/**
 * The 存折 of the active profile: the summary, the statement pages and the policy explained. The
 * only place these endpoints are called; pages get view models (points stay integers; the
 * <Points> component formats them).
 */
export type { StatementKind };

export const statementKindFilters: Array<{ key: StatementKind | 'all'; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'earn', label: '获得' },
  { key: 'use', label: '使用' },
  { key: 'refund', label: '退回' },
  { key: 'expire', label: '过期' },
  { key: 'adjust', label: '调整' },
];

export interface PassbookView {
  balancePoints: number;
  heldPoints: number;
  availablePoints: number;
  /** "30 积分将于 2026年12月31日到期", soonest first. */
  expiryNotices: string[];
  /** "本月还可抵扣 120 积分（每月最多 500 积分）" */
  allowanceText: string;
  /** The money value of the available points, in fen, for <Price>. */
  availableValueFen: number;
}

export function toPassbookView(dto: PassbookSummaryDto): PassbookView {
  return {
    balancePoints: dto.balancePoints,
    heldPoints: dto.heldPoints,
    availablePoints: dto.availablePoints,
    expiryNotices: dto.expiringSoon.map((e) => e.text),
    allowanceText: `本月还可抵扣 ${dto.thisMonth.remainingPoints} 积分（每月最多 ${dto.thisMonth.capPoints} 积分）`,
    availableValueFen: dto.availablePoints * dto.valueFenPerPoint,
  };
}

export interface StatementLineView {
  key: string;
  dateText: string;
  reasonText: string;
  /** Signed points for <Points signed>; null when only the held amount moved. */
  points: number | null;
  /** "冻结 30" / "解冻 30" when the balance did not change. */
  heldText: string | null;
  tone: 'plus' | 'minus' | 'neutral';
  balanceAfterPoints: number;
}

export function monthDay(day: string): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

export function toStatementLine(item: StatementItemDto): StatementLineView {
  const heldText = item.points === 0 && item.heldDeltaPoints !== 0 ? `${item.heldDeltaPoints > 0 ? '冻结' : '解冻'} ${Math.abs(item.heldDeltaPoints)}` : null;
  return {
    key: String(item.seq),
    dateText: `${monthDay(item.day)} ${item.time}`,
    reasonText: item.reasonText,
    points: heldText ? null : item.points,
    heldText,
    tone: item.points > 0 ? 'plus' : item.points < 0 ? 'minus' : 'neutral',
    balanceAfterPoints: item.balanceAfterPoints,
  };
}

export interface StatementPage {
  lines: StatementLineView[];
  nextCursor: string | null;
}

export async function loadPassbook(): Promise<PassbookView> {
  return toPassbookView(await parsed(passbookSummarySchema, residentRequest('/passbook')));
}

export async function loadStatementPage(filter: { month: string | null; kind: StatementKind | 'all'; cursor: string | null }): Promise<StatementPage> {
  const params = [
    filter.month ? `month=${filter.month}` : null,
    filter.kind !== 'all' ? `type=${filter.kind}` : null,
    filter.cursor ? `cursor=${encodeURIComponent(filter.cursor)}` : null,
    'pageSize=20',
  ].filter(Boolean);
  const dto = await parsed(statementPageSchema, residentRequest(`/passbook/statement?${params.join('&')}`));
  return { lines: dto.items.map(toStatementLine), nextCursor: dto.nextCursor };
}

/** The month chips: this month and the five before it ("3月"), keys YYYY-MM in Shanghai time. */
export function recentMonths(now: Date, count = 6): Array<{ key: string; label: string }> {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  let y = shanghai.getUTCFullYear();
  let m = shanghai.getUTCMonth() + 1;
  const months: Array<{ key: string; label: string }> = [];
  for (let i = 0; i < count; i += 1) {
    months.push({ key: `${y}-${String(m).padStart(2, '0')}`, label: i === 0 ? '本月' : `${m}月` });
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

export interface EarnWaysView {
  ways: Array<{ key: string; label: string; points: number; note: string | null }>;
  valueText: string;
  otherLines: string[];
  /** "新规则将于 2026年4月1日生效" and what changes; null when none is scheduled. */
  upcoming: { noticeText: string; changes: string[] } | null;
}

export function toEarnWaysView(dto: CurrentPolicyDto): EarnWaysView {
  return {
    ways: dto.current.earning.map((r) => ({
      key: r.eventType,
      label: r.label,
      points: r.points,
      note: [r.limitText, r.contractedOnly ? '签约居民' : null].filter(Boolean).join('；') || null,
    })),
    valueText: dto.current.valueText,
    otherLines: [dto.current.yearlyCapText, ...dto.current.redemptionLines, dto.current.expiryText],
    upcoming: dto.upcoming ? { noticeText: dto.upcoming.noticeText, changes: dto.upcoming.changes } : null,
  };
}

export async function loadEarnWays(): Promise<EarnWaysView> {
  return toEarnWaysView(await parsed(currentPolicyView, api.get('/api/points-policy/current')));
}
