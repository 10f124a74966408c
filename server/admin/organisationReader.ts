import type { AppDeps } from '../deps';
import { findPage } from '../db/paginate';

type Page = { page: number; pageSize: number };

/** One page of institutions, by id. */
export async function institutionPage(deps: Pick<AppDeps, 'models'>, page: Page) {
  return findPage(deps.models.Institution, {}, { sort: { _id: 1 }, page: page.page, pageSize: page.pageSize });
}

/** One page of teams, by id, optionally of one institution. */
export async function teamPage(deps: Pick<AppDeps, 'models'>, filter: { institutionId?: string | undefined }, page: Page) {
  return findPage(deps.models.Team, filter.institutionId ? { institutionId: filter.institutionId } : {}, { sort: { _id: 1 }, page: page.page, pageSize: page.pageSize });
}

/** The institution a team belongs to, or null for an unknown team. */
export async function institutionOfTeam(deps: Pick<AppDeps, 'models'>, teamId: string): Promise<string | null> {
  return (await deps.models.Team.findById(teamId, { institutionId: 1 }).lean())?.institutionId ?? null;
}
