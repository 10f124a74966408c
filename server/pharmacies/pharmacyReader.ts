import type { AppDeps } from '../deps';

/** Every partner pharmacy, oldest first (the admin list). */
export async function allPharmacies(deps: Pick<AppDeps, 'models'>) {
  return deps.models.Pharmacy.find({}).sort({ createdAt: 1 }).lean();
}

export async function pharmacyById(deps: Pick<AppDeps, 'models'>, pharmacyId: string) {
  return deps.models.Pharmacy.findById(pharmacyId).lean();
}

/** A pharmacy's name as checkouts and statements show it, or null for an unknown id. */
export async function pharmacyNameOf(deps: Pick<AppDeps, 'models'>, pharmacyId: string): Promise<string | null> {
  return (await deps.models.Pharmacy.findById(pharmacyId, { name: 1 }).lean())?.name ?? null;
}
