import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';

/** Residents' names by id, for lists that show whom an entry is about; unknown ids are absent. */
export async function residentNamesOf(deps: Pick<AppDeps, 'models'>, ids: ReadonlyArray<Types.ObjectId | string>): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const residents = await deps.models.Resident.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(residents.map((r) => [String(r._id), r.name]));
}

/** One resident's name, or null when the id is unknown. */
export async function residentNameOf(deps: Pick<AppDeps, 'models'>, id: Types.ObjectId | string): Promise<string | null> {
  return (await deps.models.Resident.findById(id, { name: 1 }).lean())?.name ?? null;
}

export async function residentById(deps: Pick<AppDeps, 'models'>, id: Types.ObjectId | string) {
  return deps.models.Resident.findById(id).lean();
}
