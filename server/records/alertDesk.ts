import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { AccountActor } from '../http/actor';
import { conflict } from '../http/errors';
import type { AlertDoc } from '../models/alert';
import { enqueueCareAlertNotice } from '../care/urgentAlerts';

/**
 * Alerts for urgent readings. Raised at most once per reading (unique `readingId`, insert-if-absent);
 * state moves open → acknowledged → closed, each step one conditional update on the state it
 * leaves, so two doctors acting at once cannot both succeed or skip a step. Each step also tells the
 * resident's relatives (server/care/urgentAlerts.ts: one durable job per alert and step, unique key).
 */
export interface RaiseAlertInput {
  readingId: Types.ObjectId;
  residentId: Types.ObjectId;
  institutionId: string;
  teamId: string | null;
  measure: string;
  reasons: string[];
  values: Record<string, number>;
  measuredAt: Date;
}

type StoredAlert = AlertDoc & { _id: Types.ObjectId };

export async function alertRaiser(deps: AppDeps, input: RaiseAlertInput): Promise<StoredAlert> {
  const alert = await deps.models.Alert.findOneAndUpdate(
    { readingId: input.readingId },
    { $setOnInsert: { ...input, state: 'open', raisedAt: deps.clock.now() } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  if (!alert) throw new Error('alert upsert returned nothing');
  // On every attempt, not only the first: a retry completes what a crash left undone; the key is unique.
  await enqueueCareAlertNotice(deps, alert._id, 'raised');
  return alert as StoredAlert;
}

export async function alertAcknowledger(deps: AppDeps, alertId: string, actor: AccountActor): Promise<StoredAlert> {
  const updated = await deps.models.Alert.findOneAndUpdate(
    { _id: new Types.ObjectId(alertId), state: 'open' },
    { $set: { state: 'acknowledged', acknowledgedAt: deps.clock.now(), acknowledgedByAccountId: new Types.ObjectId(actor.accountId) } },
    { returnDocument: 'after', lean: true },
  );
  if (!updated) throw conflict('alert_not_open');
  await enqueueCareAlertNotice(deps, updated._id, 'acknowledged');
  return updated as StoredAlert;
}

export async function alertCloser(deps: AppDeps, alertId: string, actor: AccountActor, note: string): Promise<StoredAlert> {
  const now = deps.clock.now();
  const accountId = new Types.ObjectId(actor.accountId);
  const _id = new Types.ObjectId(alertId);
  const closing = { state: 'closed', closedAt: now, closedByAccountId: accountId, closeNote: note };
  // Closing an open alert acknowledges it in the same step, so the record never skips a state.
  const fromOpen = await deps.models.Alert.findOneAndUpdate(
    { _id, state: 'open' },
    { $set: { ...closing, acknowledgedAt: now, acknowledgedByAccountId: accountId } },
    { returnDocument: 'after', lean: true },
  );
  const closed = fromOpen ?? (await deps.models.Alert.findOneAndUpdate({ _id, state: 'acknowledged' }, { $set: closing }, { returnDocument: 'after', lean: true }));
  if (!closed) throw conflict('alert_already_closed');
  await enqueueCareAlertNotice(deps, closed._id, 'closed');
  return closed as StoredAlert;
}

export function presentAlert(alert: StoredAlert, residentName: string | null) {
  return {
    alertId: String(alert._id),
    readingId: String(alert.readingId),
    residentId: String(alert.residentId),
    residentName,
    teamId: alert.teamId ?? null,
    measure: alert.measure,
    reasons: alert.reasons,
    values: alert.values as Record<string, number>,
    measuredAt: alert.measuredAt.toISOString(),
    state: alert.state as 'open' | 'acknowledged' | 'closed',
    raisedAt: alert.raisedAt.toISOString(),
    acknowledgedAt: alert.acknowledgedAt ? alert.acknowledgedAt.toISOString() : null,
    closedAt: alert.closedAt ? alert.closedAt.toISOString() : null,
    closeNote: alert.closeNote ?? null,
  };
}
