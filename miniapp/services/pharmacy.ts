import Taro from '@tarojs/taro';
import { platform } from '../platform';
import { ApiError, isApiError } from './apiError';
import { api, apiBaseUrl } from './http';
import { readSession } from './session';
import { readStatement, readStatementList, type StatementView } from './checkoutViews';

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
export type { StatementView } from './checkoutViews';

export interface PharmacyView {
  pharmacyId: string;
  name: string;
  address: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Pure: the pharmacy of a cashier from `GET /api/me/profile`, or null for anyone else. */
export function cashierPharmacyIdOf(profile: unknown): string | null {
  if (!isRecord(profile) || !Array.isArray(profile['roles']) || !profile['roles'].includes('cashier')) return null;
  const staff = profile['staff'];
  const pharmacyId = isRecord(staff) ? staff['pharmacyId'] : undefined;
  return typeof pharmacyId === 'string' && pharmacyId !== '' ? pharmacyId : null;
}

/** The cashier's pharmacy; `access_denied` (with a message that says what to do) for other accounts. */
export async function loadMyPharmacy(): Promise<PharmacyView> {
  const pharmacyId = cashierPharmacyIdOf(await api.get<unknown>('/api/me/profile'));
  if (!pharmacyId) throw new ApiError({ code: 'access_denied', status: 403, message: '您还不是合作药店的收银员。请先在「我的 → 接受收银员邀请」输入药店给您的邀请码。' });
  const data = await api.get<unknown>(`/api/pharmacies/${encodeURIComponent(pharmacyId)}`);
  if (!isRecord(data) || typeof data['name'] !== 'string') throw new ApiError({ code: 'unexpected_response', status: 200 });
  return { pharmacyId, name: data['name'], address: typeof data['address'] === 'string' ? data['address'] : '' };
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
  const data = await api.post<unknown>('/api/cashier-invitations/accept', { code: normalizeInvitationCode(code) });
  if (!isRecord(data) || typeof data['pharmacyId'] !== 'string') throw new ApiError({ code: 'unexpected_response', status: 200 });
  return { pharmacyId: data['pharmacyId'], pharmacyName: typeof data['pharmacyName'] === 'string' ? data['pharmacyName'] : '合作药店' };
}

export async function loadStatements(pharmacyId: string): Promise<StatementView[]> {
  return readStatementList(await api.get<unknown>(`/api/pharmacies/${encodeURIComponent(pharmacyId)}/settlements`));
}

export async function confirmStatement(statementId: string): Promise<StatementView> {
  return readStatement(await api.post<unknown>(`/api/settlements/${encodeURIComponent(statementId)}/confirm`, {}));
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
