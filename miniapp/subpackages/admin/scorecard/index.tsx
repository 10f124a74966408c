import { ScorecardPage } from './ScorecardPage';

/** 履约考核 for programme admins: every team and institution, compared figure by figure. */
export default function AdminScorecardPage() {
  return <ScorecardPage testId="page-admin-scorecard" compare />;
}
