import { statementListView, statementView, type StatementDto } from '../../shared/api/checkout';
import { parsedNow } from './apiSchema';

/** 抵扣, the pharmacy's monthly settlement statements as the cashier sees them. Pure. */
export interface StatementView {
  statementId: string;
  periodKey: string;
  /** 2024年5月 */
  periodLabel: string;
  state: string;
  stateText: string;
  /** The pharmacy may confirm a draft. */
  canConfirm: boolean;
  capturedFen: number;
  reversedFen: number;
  adjustmentFen: number;
  statementTotalFen: number;
  capturedPoints: number;
  lineCount: number;
  paymentReference: string | null;
}

const statementStateTexts: Record<string, string> = {
  draft: '待药店确认',
  confirmed: '药店已确认，等待审核',
  approved: '已审核，等待付款',
  paid: '已付款',
};

export function periodLabelOf(periodKey: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(periodKey);
  return match ? `${match[1]}年${Number(match[2])}月` : periodKey;
}

export function readStatement(value: unknown): StatementView {
  return statementViewOf(parsedNow(statementView, value));
}

function statementViewOf(statement: StatementDto): StatementView {
  return {
    statementId: statement.statementId,
    periodKey: statement.periodKey,
    periodLabel: periodLabelOf(statement.periodKey),
    state: statement.state,
    stateText: statementStateTexts[statement.state] ?? statement.state,
    canConfirm: statement.state === 'draft',
    capturedFen: statement.capturedFen,
    reversedFen: statement.reversedFen,
    adjustmentFen: statement.adjustmentFen,
    statementTotalFen: statement.statementTotalFen,
    capturedPoints: statement.capturedPoints,
    lineCount: statement.lines.length,
    paymentReference: statement.paymentReference,
  };
}

export function readStatementList(value: unknown): StatementView[] {
  return parsedNow(statementListView, value).statements.map(statementViewOf);
}
