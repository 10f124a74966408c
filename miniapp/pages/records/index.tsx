import { Card, EmptyState, PageShell } from '../../components';

export default function RecordsPage() {
  return (
    <PageShell title="健康记录" testId="page-records">
      <Card>
        <EmptyState
          title="血压、血糖记录即将开放"
          description="开放后，您可以在这里记录家里测量的血压、血糖，并查看医生随访的结果。"
          testId="records-coming-soon"
        />
      </Card>
    </PageShell>
  );
}
