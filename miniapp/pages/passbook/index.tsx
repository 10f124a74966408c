import { Card, EmptyState, PageShell } from '../../components';

export default function PassbookPage() {
  return (
    <PageShell title="健康存折" testId="page-passbook">
      <Card>
        <EmptyState
          title="积分存折即将开放"
          description="开放后，您可以在这里查看积分余额、收支明细，以及在合作药店用积分抵扣自付药费。"
          testId="passbook-coming-soon"
        />
      </Card>
    </PageShell>
  );
}
