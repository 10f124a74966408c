import type { AppDeps } from '../deps';

/** The WeChat openid of an account (the payer of a WeChat payment, the recipient of a message), or null for an unknown account. */
export async function accountOpenidOf(deps: Pick<AppDeps, 'models'>, accountId: string): Promise<string | null> {
  return (await deps.models.Account.findById(accountId, { openid: 1 }).lean())?.openid ?? null;
}
