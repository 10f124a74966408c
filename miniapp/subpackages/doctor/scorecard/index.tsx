import { ScorecardPage } from '../../admin/scorecard/ScorecardPage';

/** 履约考核 for the team lead: their own team only (the service picks the caller's team). */
export default function TeamScorecardPage() {
  return <ScorecardPage testId="page-doctor-scorecard" compare={false} />;
}
