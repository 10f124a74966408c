import Taro from '@tarojs/taro';
import { platform } from '../platform';
import { cashierInvitationAcceptedView, pharmacyView } from '../../shared/api/checkout';
import { meProfileView, type MeProfileDto } from '../../shared/api/identity';
import { parsed } from './apiSchema';
import { ApiError, isApiError } from './apiError';
import { api, apiBaseUrl } from './http';
import { readSession } from './session';
import { readStatement, readStatementList, type StatementView } from './checkoutStatements';

/**
 * 药店模式 outside a single checkout: which pharmacy this cashier belongs to, accepting an
 * invitation, and the monthly statements.
 *
 *   loadMyPharmacy()              GET  /api/me/profile (roles, staff.pharmacyId) + GET /api/pharmacies/:ph
 *   acceptCashierInvitation(code) POST /api/cashier-invitations/accept
 *   loadStatements(ph)            GET  /api/pharmacies/:ph/settlements
 *   confirmStatement(sid)         POST /api/settlements/:sid/confirm
 *   exportStatementCsv(sid)       GET  /api/settlements/:sid/csv   (a file, not the JSON envelope)
 */
export type { StatementView } from './checkoutStatements';

export interface PharmacyView {
  pharmacyId: string;
  name: string;
  address: string;
}

/** Pure: the pharmacy of a cashier from `GET /api/me/profile`, or null for anyone else. */
export function cashierPharmacyIdOf(profile: Pick<MeProfileDto, 'roles' | 'staff'>): string | null {
  if (!profile.roles.includes('cashier')) return null;
  return profile.staff.pharmacyId || null;
}

/** The cashier's pharmacy; `access_denied` (with a message that says what to do) for other accounts. */
export async function loadMyPharmacy(): Promise<PharmacyView> {
  const pharmacyId = cashierPharmacyIdOf(await parsed(meProfileView, api.get('/api/me/profile')));
  if (!pharmacyId) throw new ApiError({ code: 'access_denied', status: 403, message: '您还不是合作药店的收银员。请先在「我的 → 接受收银员邀请」输入药店给您的邀请码。' });
  const pharmacy = await parsed(pharmacyView, api.get(`/api/pharmacies/${encodeURIComponent(pharmacyId)}`));
  return { pharmacyId, name: pharmacy.name, address: pharmacy.address };
}

export interface AcceptedCashierInvitation {
  pharmacyId: string;
  pharmacyName: string;
}

/** Codes are read out or typed: spaces dropped, letters upper-cased. */
export function normalizeInvitationCode(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}

export async function acceptCashierInvitation(code: string): Promise<AcceptedCashierInvitation> {
  const accepted = await parsed(cashierInvitationAcceptedView, api.post('/api/cashier-invitations/accept', { code: normalizeInvitationCode(code) }));
  return { pharmacyId: accepted.pharmacyId, pharmacyName: accepted.pharmacyName };
}

export async function loadStatements(pharmacyId: string): Promise<StatementView[]> {
  return readStatementList(await api.get(`/api/pharmacies/${encodeURIComponent(pharmacyId)}/settlements`));
}

export async function confirmStatement(statementId: string): Promise<StatementView> {
  return readStatement(await api.post(`/api/settlements/${encodeURIComponent(statementId)}/confirm`, {}));
}

/** Where the exported file went, in words for the cashier. */
export type CsvExportOutcome = 'downloaded' | 'shared';

/**
 * The statement as CSV. H5: the browser downloads it. weapp: downloaded with the session token and
 * offered to send to a WeChat chat (a mini-program cannot save to the phone's files directly).
 */
export async function exportStatementCsv(statementId: string): Promise<CsvExportOutcome> {
  const session = readSession();
  if (!session) throw new ApiError({ code: 'session_required', status: 401 });
  const url = `${apiBaseUrl}/api/settlements/${encodeURIComponent(statementId)}/csv`;
  const header = { Authorization: `Bearer ${session.token}` };
  const fileName = `结算单-${statementId}.csv`;
  try {
    if (platform.kind === 'h5') {
      const response = await Taro.request({ url, method: 'GET', header, dataType: 'text', responseType: 'text' });
      if (response.statusCode !== 200) throw new ApiError({ code: response.statusCode === 403 ? 'access_denied' : 'statement_not_found', status: response.statusCode });
      const blob = new Blob([String(response.data)], { type: 'text/csv;charset=utf-8' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      return 'downloaded';
    }
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
    const download = await Taro.downloadFile({ url, header, filePath });
    if (download.statusCode !== 200) throw new ApiError({ code: download.statusCode === 403 ? 'access_denied' : 'statement_not_found', status: download.statusCode });
    await Taro.shareFileMessage({ filePath, fileName });
    return 'shared';
  } catch (error) {
    if (isApiError(error)) throw error;
    throw new ApiError({ code: 'network_unavailable', status: 0, details: error });
  }
}
