import Taro from '@tarojs/taro';
import { z } from 'zod';
import { readingLoggedView } from '../../shared/api/readings';
import { getActiveProfile, type ActiveProfile } from '../state/activeProfile';
import { addToQueue, removeFromQueue, syncQueue, type QueuedReading, type SendOutcome, type SyncSummary } from '../state/offlineQueue';
import { ApiError, isApiError } from './apiError';
import { parsedNow } from './apiSchema';
import { api } from './http';
import { loadMyProfile, residentPath } from './profile';
import { buildReadingBody, localUrgency, measureLabels, type EntryDraft, type ReadingMeasure } from './readingForms';
import { readingResultView, urgentPlanView, type ReadingResultView, type UrgentPlanView } from './readingResult';
import { readSession } from './session';

/**
 * Logging a home reading through the offline queue: `POST /api/residents/:residentId/readings` from
 * the entry screen (submitReading) and for whatever waited on the phone (syncPendingReadings). The
 * rest of the readings endpoints: readingHistory.ts (the charts), readingOverview.ts (首页, this
 * month's control), readingExport.ts (PDF/CSV); how a reading reads: readingDisplay.ts.
 */

/** The doctor's resident screen shows readings the way the resident sees them. */

/** A refusal's `details.issues[]` (e.g. 422 reading_implausible): the first issue's message says why. */
const refusalDetails = z.object({ issues: z.array(z.unknown()) });
const issueWithMessage = z.object({ message: z.string() });

/** How an API failure affects a queued reading: keep it for later, or drop it and say why. */
export function sendOutcomeOf(error: unknown): SendOutcome {
  if (!isApiError(error)) return { kind: 'retryLater', message: '网络不给力，已保存在手机上，稍后会自动上传' };
  const temporary = error.status === 0 || error.status >= 500 || error.code === 'rate_limited' || error.code === 'session_expired' || error.code === 'session_required';
  if (temporary) return { kind: 'retryLater', message: error.message };
  const issues = refusalDetails.safeParse(error.details).data?.issues ?? [];
  const first = issues.map((issue) => issueWithMessage.safeParse(issue).data).find((issue) => issue !== undefined);
  return { kind: 'rejected', message: first ? first.message : error.message };
}

export type SubmitOutcome =
  | { kind: 'saved'; result: ReadingResultView }
  /** Kept on the phone; urgent advice (judged locally) still shows at once. */
  | { kind: 'queued'; message: string; urgentPlan: UrgentPlanView | null }
  | { kind: 'rejected'; message: string };

function postReading(residentId: string, body: Record<string, unknown>, redirectOnSessionError: boolean): Promise<unknown> {
  return api.post(residentPath(residentId, '/readings'), body, { redirectOnSessionError });
}

/** The active profile, loading it when the app was opened straight on a records page. */
export async function activeProfileOrLoad(): Promise<ActiveProfile> {
  const active = getActiveProfile();
  const session = readSession();
  if (active && session && active.accountId === session.accountId) return active;
  const loaded = await loadMyProfile();
  if (!loaded.active) throw new ApiError({ code: 'account_not_bound', status: 403 });
  return loaded.active;
}

/**
 * Queues the reading (client id + original time), then sends it. Acknowledged → removed from the
 * queue; no network → stays queued and syncs later; refused for good → removed, with the reason.
 */
export async function submitReading(draft: EntryDraft, clientReadingId: string): Promise<SubmitOutcome> {
  const profile = await activeProfileOrLoad();
  const body = buildReadingBody(draft, clientReadingId);
  addToQueue({ clientReadingId, accountId: profile.accountId, residentId: profile.residentId, body, queuedAt: new Date().toISOString(), attempts: 0, lastError: null });
  try {
    const data = await postReading(profile.residentId, body, true);
    removeFromQueue(clientReadingId);
    // Anything else queued earlier goes along now that the network is back.
    void syncPendingReadings();
    return { kind: 'saved', result: readingResultView(parsedNow(readingLoggedView, data)) };
  } catch (error) {
    const outcome = sendOutcomeOf(error);
    if (outcome.kind === 'rejected') {
      removeFromQueue(clientReadingId);
      return { kind: 'rejected', message: outcome.message };
    }
    const local = localUrgency(body);
    return { kind: 'queued', message: '网络不给力，这次记录已保存在手机上，联网后会自动上传', urgentPlan: local.urgent ? urgentPlanView(local.reasons) : null };
  }
}

/** A queued reading only needs the service's acknowledgement; nobody reads the answer. */
async function sendQueued(item: QueuedReading): Promise<SendOutcome> {
  try {
    await postReading(item.residentId, item.body, false);
    return { kind: 'acknowledged' };
  } catch (error) {
    return sendOutcomeOf(error);
  }
}

/** Fired after queued readings reached the service, so open screens (记录, 首页) reload. */
export const readingsSynced = 'pb:readingsSynced';

/** Sends whatever this account has queued (on app show, after a submit, from 重新同步). */
export async function syncPendingReadings(): Promise<SyncSummary | null> {
  const session = readSession();
  if (!session) return null;
  const summary = await syncQueue(session.accountId, sendQueued);
  if (summary.sent > 0) Taro.eventCenter.trigger(readingsSynced, summary);
  return summary;
}

export function syncSummaryText(summary: SyncSummary | null): string {
  if (!summary) return '请先登录';
  const parts: string[] = [];
  if (summary.sent > 0) parts.push(`已上传 ${summary.sent} 条`);
  if (summary.remaining > 0) parts.push(`还有 ${summary.remaining} 条未上传，请检查网络后再试`);
  for (const rejected of summary.rejected) parts.push(`一条${measureLabels[rejected.measure as ReadingMeasure] ?? ''}记录未能保存：${rejected.message}`);
  return parts.join('；') || '没有需要上传的记录';
}
