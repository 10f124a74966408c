import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { residentNamesOf } from '../identity/residentReader';
import { presentAlert } from './alertDesk';

export type AlertState = 'open' | 'acknowledged' | 'closed';

/** One alert by id (any state), or null. */
export async function alertById(deps: AppDeps, alertId: string) {
  return deps.models.Alert.findById(alertId).lean();
}

/** A team's alerts in one state, newest first, each with its resident's name. */
export async function teamAlertsReader(deps: AppDeps, team: { institutionId: string; teamId: string }, filter: { state: AlertState; limit: number }) {
  const alerts = await deps.models.Alert.find({ institutionId: team.institutionId, teamId: team.teamId, state: filter.state }).sort({ raisedAt: -1 }).limit(filter.limit).lean();
  const names = await residentNamesOf(deps, alerts.map((a) => a.residentId));
  return alerts.map((a) => presentAlert(a, names.get(String(a.residentId)) ?? null));
}

/** A resident's own alerts and how they were handled, newest first (the last 100). */
export async function residentAlertsReader(deps: AppDeps, resident: { _id: Types.ObjectId | string; name: string }) {
  const alerts = await deps.models.Alert.find({ residentId: new Types.ObjectId(String(resident._id)) }).sort({ raisedAt: -1 }).limit(100).lean();
  return alerts.map((a) => presentAlert(a, resident.name));
}
