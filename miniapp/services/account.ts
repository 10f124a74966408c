import { fetchMe } from './auth';

/** 我的: the signed-in account as the page shows it. */
export interface AccountView {
  accountId: string;
  /** Chinese role names, e.g. ['居民'] */
  roleLabels: string[];
}

const roleLabels: Record<string, string> = {
  resident: '居民',
  proxy: '家属代办',
  cashier: '药店收银员',
  doctor: '家庭医生团队',
  specialist: '上级医院专科医生',
  admin: '项目管理员',
};

export function roleLabel(role: string): string {
  return roleLabels[role] ?? role;
}

export async function loadAccountView(): Promise<AccountView> {
  const me = await fetchMe();
  return { accountId: me.accountId, roleLabels: me.roles.map(roleLabel) };
}
