import { z } from 'zod';
import { instant, objectId } from './formats';

/**
 * Urgent-reading alerts as the service answers them (server/records/alertDesk.ts `presentAlert`):
 * on a saved reading, in the resident's records, on the doctor's resident screen and in the
 * doctor's 确认收到 → 关闭 steps. The mini-program parses the same answers with these schemas.
 */
export const alertStates = ['open', 'acknowledged', 'closed'] as const;

export const alertView = z.object({
  alertId: objectId,
  readingId: objectId,
  residentId: objectId,
  residentName: z.string().nullable(),
  teamId: z.string().nullable(),
  measure: z.string(),
  reasons: z.array(z.string()),
  values: z.record(z.string(), z.number()),
  measuredAt: instant,
  state: z.enum(alertStates),
  raisedAt: instant,
  acknowledgedAt: instant.nullable(),
  closedAt: instant.nullable(),
  closeNote: z.string().nullable(),
});
export type AlertDto = z.infer<typeof alertView>;

/** One alert after 确认收到 or 关闭. */
export const alertResponse = z.object({ alert: alertView });

export const alertListResponse = z.object({ alerts: z.array(alertView) });
