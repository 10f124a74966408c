import type { Types } from 'mongoose';
import type { LedgerDeps } from './deps';

/**
 * How far back an unscoped sweep looks before where its last pass got to. A hold or lot commit is
 * written before its expiry (a hold's expiry must lie in the future when it is planned), so only one
 * delayed by more than this between planning and insert could be passed over.
 */
const overlap_ms = 5 * 60_000;

export type SweepFilter = Record<string, unknown>;

/**
 * Runs one expiry sweep over commits whose `expiresAt` has passed. Scoped to residents it looks at
 * all of theirs. Unscoped it looks at those that expired since its last complete pass (minus the
 * overlap), plus the residents that pass asked to revisit (`work` returns them); then records the pass.
 */
export async function sweepWindow(
  deps: LedgerDeps,
  name: 'holds' | 'lots',
  residentIds: Types.ObjectId[] | undefined,
  work: (filter: SweepFilter, revisit: Types.ObjectId[]) => Promise<Types.ObjectId[]>,
): Promise<void> {
  const now = deps.clock.now();
  if (residentIds) {
    await work({ residentId: { $in: residentIds }, expiresAt: { $lte: now } }, []);
    return;
  }
  const sweep = await deps.models.LedgerSweep.findById(name).lean();
  const from = sweep ? new Date(sweep.coveredUntil.getTime() - overlap_ms) : null;
  const revisit = await work({ expiresAt: from ? { $gt: from, $lte: now } : { $lte: now } }, (sweep?.revisitResidentIds ?? []) as Types.ObjectId[]);
  await deps.models.LedgerSweep.updateOne({ _id: name }, { $set: { coveredUntil: now, revisitResidentIds: revisit } }, { upsert: true });
}
