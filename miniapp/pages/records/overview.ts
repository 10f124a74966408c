import { isApiError } from '../../services/apiError';
import { loadControlStatus, loadLatestReadings, type ControlStatusView, type LatestReadingView } from '../../services/readingOverview';
import { activeProfileOrLoad } from '../../services/readings';

/** What the 记录 tab shows: nothing to load before binding; otherwise control status and latest values. */
export type RecordsOverview =
  | { bound: false }
  | { bound: true; residentName: string; canLog: boolean; statuses: ControlStatusView[]; latest: LatestReadingView[] };

export async function loadRecordsOverview(): Promise<RecordsOverview> {
  let profile;
  try {
    profile = await activeProfileOrLoad();
  } catch (error) {
    if (isApiError(error) && error.code === 'account_not_bound') return { bound: false };
    throw error;
  }
  const canLog = profile.relation === 'self' || profile.scopes.includes('logReadings');
  const canView = profile.relation === 'self' || profile.scopes.includes('view');
  if (!canView) return { bound: true, residentName: profile.name, canLog, statuses: [], latest: [] };
  const [statuses, latest] = await Promise.all([loadControlStatus(), loadLatestReadings(['bp', 'glucose', 'weight', 'lipids', 'hcy'])]);
  return { bound: true, residentName: profile.name, canLog, statuses, latest };
}
