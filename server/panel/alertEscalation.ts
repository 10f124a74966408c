import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';

/**
 * An alert still `open` 24 h after it was raised goes to the team lead: a staff notice for every
 * member flagged `lead` in the team's admin data, then `escalatedAt` on the alert. The notice is
 * insert-if-absent by `eventKey`, and `escalatedAt` is set only where it is missing, so a retry or
 * two instances running at once notify once. A team without a lead is retried on the next run.
 */
export const ESCALATE_AFTER_MS = 24 * 3600_000;

export async function alertEscalator(deps: Pick<AppDeps, 'models' | 'clock'>): Promise<{ escalated: number; withoutLead: number }> {
  const now = deps.clock.now();
  const alerts = deps.models.Alert.collection;
  const candidates = await alerts
    .find({ state: 'open', raisedAt: { $lte: new Date(now.getTime() - ESCALATE_AFTER_MS) }, escalatedAt: null }, { projection: { _id: 1, residentId: 1, teamId: 1, institutionId: 1, measure: 1, raisedAt: 1 } })
    .limit(500)
    .toArray();
  let escalated = 0;
  let withoutLead = 0;
  for (const alert of candidates) {
    const team = alert.teamId ? await deps.models.Team.findOne({ _id: alert.teamId, institutionId: alert.institutionId }).lean() : null;
    const leads = (team?.members ?? []).filter((m) => m.lead);
    if (leads.length === 0) {
      withoutLead += 1;
      continue;
    }
    const resident = await deps.models.Resident.findById(alert.residentId as Types.ObjectId, { name: 1 }).lean();
    for (const lead of leads) {
      await insertNoticeOnce(() => deps.models.StaffNotice.updateOne(
        { eventKey: `alertEscalated:${String(alert._id)}:${lead.accountId}` },
        {
          $setOnInsert: {
            accountId: lead.accountId,
            kind: 'alertEscalated',
            title: '预警超过 24 小时未处理',
            body: `${resident?.name ?? '居民'}的紧急值预警（${String(alert.measure)}）已超过 24 小时未确认，请督促团队处理。`,
            refs: { alertId: String(alert._id), residentId: String(alert.residentId), teamId: alert.teamId },
            createdAt: now,
            readAt: null,
          },
        },
        { upsert: true },
      ));
    }
    const res = await alerts.updateOne({ _id: alert._id, state: 'open', escalatedAt: null }, { $set: { escalatedAt: now, escalatedToAccountIds: leads.map((l) => l.accountId) } });
    escalated += res.modifiedCount;
  }
  return { escalated, withoutLead };
}

/**
 * Two escalators inserting the same notice at once: the loser's upsert may fail on the unique
 * `eventKey` instead of matching the winner's document. Either way the notice exists once.
 */
async function insertNoticeOnce(upsert: () => Promise<unknown>): Promise<void> {
  try {
    await upsert();
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}
