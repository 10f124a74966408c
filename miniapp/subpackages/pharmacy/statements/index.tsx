import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AlertBox, BigButton, BillLines, Card, ConfirmDialog, EmptyState, ErrorState, LoadingState, PageShell, Price } from '../../../components';
import { useResource } from '../../../hooks/useResource';
import { userMessageOf } from '../../../services/errors';
import { confirmStatement, exportStatementCsv, loadMyPharmacy, loadStatements, type StatementView } from '../../../services/pharmacy';
import '../pharmacy.scss';

async function loadAll() {
  const pharmacy = await loadMyPharmacy();
  return { pharmacy, statements: await loadStatements(pharmacy.pharmacyId) };
}

/**
 * 月度结算单: what the programme owes the pharmacy for each month's redeemed points, with reversals
 * and adjustments. The pharmacy checks and confirms a draft (then the programme approves and pays)
 * and can export the CSV.
 */
export default function StatementsPage() {
  const { state, reload } = useResource(loadAll);
  const [confirming, setConfirming] = useState<StatementView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const confirm = (statement: StatementView) => {
    setBusy(statement.statementId);
    confirmStatement(statement.statementId)
      .then(() => {
        setMessage({ tone: 'success', text: `${statement.periodLabel}结算单已确认，等待项目办审核付款` });
        reload();
      })
      .catch((cause: unknown) => setMessage({ tone: 'error', text: userMessageOf(cause) }))
      .finally(() => {
        setBusy(null);
        setConfirming(null);
      });
  };

  const exportCsv = (statement: StatementView) => {
    setBusy(`csv:${statement.statementId}`);
    exportStatementCsv(statement.statementId)
      .then((outcome) => setMessage({ tone: 'success', text: outcome === 'downloaded' ? `${statement.periodLabel}结算单 CSV 已下载` : `${statement.periodLabel}结算单 CSV 已发送` }))
      .catch((cause: unknown) => setMessage({ tone: 'error', text: userMessageOf(cause) }))
      .finally(() => setBusy(null));
  };

  return (
    <PageShell title="月度结算单" testId="page-statements" showProfile={false}>
      {message ? <AlertBox tone={message.tone} message={message.text} testId="statements-message" /> : null}
      {state.status === 'loading' ? <LoadingState /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && state.data.statements.length === 0 ? (
        <EmptyState title="还没有结算单" description="每月初生成上个月的结算单" testId="statements-empty" />
      ) : null}
      {state.status === 'ready'
        ? state.data.statements.map((statement) => (
            <Card key={statement.statementId} title={`${statement.periodLabel}`} extra={<Text className="pb-till__tag pb-till__tag--info">{statement.stateText}</Text>} testId="statement-card">
              <BillLines
                lines={[
                  { label: '积分抵扣', note: `${statement.capturedPoints} 积分`, amountFen: statement.capturedFen },
                  { label: '退款冲回', amountFen: -statement.reversedFen },
                  { label: '调整', amountFen: statement.adjustmentFen },
                  { label: '应结算', amountFen: statement.statementTotalFen, strong: true, testId: 'statement-total' },
                ]}
              />
              <Text className="pb-muted">
                共 {statement.lineCount} 笔{statement.paymentReference ? ` · 付款凭证 ${statement.paymentReference}` : ''}
              </Text>
              <View className="pb-stack">
                {statement.canConfirm ? (
                  <BigButton type="primary" loading={busy === statement.statementId} testId="statement-confirm" onClick={() => setConfirming(statement)}>
                    核对无误，确认结算单
                  </BigButton>
                ) : null}
                <BigButton type="secondary" loading={busy === `csv:${statement.statementId}`} testId="statement-csv" onClick={() => exportCsv(statement)}>
                  导出 CSV
                </BigButton>
              </View>
            </Card>
          ))
        : null}
      <ConfirmDialog
        visible={confirming !== null}
        title="确认结算单？"
        confirmText="确认"
        cancelText="再看看"
        loading={busy !== null}
        testId="statement-confirm-dialog"
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && confirm(confirming)}
      >
        {confirming ? (
          <Text className="pb-text">
            {confirming.periodLabel}应结算 <Price amountFen={confirming.statementTotalFen} size="large" />。确认后不能修改，有问题请先联系项目办。
          </Text>
        ) : null}
      </ConfirmDialog>
    </PageShell>
  );
}
