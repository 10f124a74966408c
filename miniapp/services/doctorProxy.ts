import { proxyLinkVerifiedView } from '../../shared/api/identity';
import { objectId } from '../../shared/api/formats';
import { parsed } from './apiSchema';
import { formatDateTime } from './displayTime';
import { staffPath } from './staffApi';
import { api } from './http';

/**
 * 家庭医生工作台, in-person proxy verification (当面核验代办人).
 *
 *   verifyProxyInPerson(id, form)   POST /api/staff/residents/:id/proxy-links
 */

export const verificationMethodOptions = [
  { key: 'idCard', label: '身份证' },
  { key: 'householdRegister', label: '户口本' },
  { key: 'residenceCertificate', label: '居住证' },
  { key: 'other', label: '其他证明' },
] as const;

export const proxyScopeOptions = [
  { key: 'view', label: '查看档案和积分' },
  { key: 'logReadings', label: '代记血压血糖' },
  { key: 'book', label: '代为预约' },
  { key: 'redeem', label: '代用积分抵扣' },
] as const;

export interface ProxyVerificationDraft {
  proxyAccountId: string;
  relationship: string;
  scopes: string[];
  verificationMethod: string;
  note: string;
}

/** Pure: what is missing before the form may be sent, by field. */
export function checkProxyDraft(draft: ProxyVerificationDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!objectId.safeParse(draft.proxyAccountId.trim().toLowerCase()).success) errors['proxyAccountId'] = '请输入家属「我的」页面上的账号编号（24 位字母和数字）';
  if (draft.relationship.trim() === '') errors['relationship'] = '请填写与居民的关系，如 女儿';
  if (draft.scopes.length === 0) errors['scopes'] = '请至少选择一项可以代办的事';
  if (draft.verificationMethod === '') errors['verificationMethod'] = '请选择核验用的证件';
  return errors;
}

export interface ProxyVerifiedView {
  relationship: string | null;
  scopesText: string;
  verifiedText: string;
}

export async function verifyProxyInPerson(residentId: string, draft: ProxyVerificationDraft): Promise<ProxyVerifiedView> {
  const body = {
    proxyAccountId: draft.proxyAccountId.trim().toLowerCase(),
    relationship: draft.relationship.trim(),
    scopes: draft.scopes,
    verificationMethod: draft.verificationMethod,
    ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
  };
  const { link, verifiedAt } = await parsed(proxyLinkVerifiedView, api.post(staffPath(residentId, '/proxy-links'), body));
  return {
    relationship: link.relationship || null,
    scopesText: proxyScopeOptions.filter((o) => link.scopes.includes(o.key)).map((o) => o.label).join('、'),
    verifiedText: `核验时间 ${formatDateTime(verifiedAt)}`,
  };
}
