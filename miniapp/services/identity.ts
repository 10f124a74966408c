import { identityReasonMessages, normalizeIdNumber, validateIdNumber, validatePersonName, validatePhone } from '../../shared/identity';
import { residentProfileResult } from '../../shared/api/identity';
import { parsed } from './apiSchema';
import { isApiError, messageFor } from './apiError';
import { formatDateTime, formatWait } from './displayTime';
import { api } from './http';
import { loadMyProfile, readResidentCard, type ResidentCardView } from './profile';

/**
 * Binding the WeChat account to a health archive: `POST /api/identity/bind` with
 *   { method: 'details', name, idNumber, phone | phoneCode }   or   { method: 'bindingCode', code }.
 * The form validates with the same shared rules as the service before anything is sent.
 */
export type HintTone = 'neutral' | 'ok' | 'error';

export interface FieldHint {
  tone: HintTone;
  text: string;
}

const ID_NUMBER_LENGTH = 18;

/** What to show under the ID-number field while the user types. */
export function idNumberHint(raw: string, now: Date = new Date()): FieldHint {
  const value = normalizeIdNumber(raw);
  if (value === '') return { tone: 'neutral', text: '共18位，最后一位可能是字母X' };
  if (!/^\d*X?$/.test(value) || value.length > ID_NUMBER_LENGTH || (value.endsWith('X') && value.length !== ID_NUMBER_LENGTH)) {
    return { tone: 'error', text: identityReasonMessages.id_number_format_invalid };
  }
  if (value.length < ID_NUMBER_LENGTH) return { tone: 'neutral', text: `已输入 ${value.length} 位，还差 ${ID_NUMBER_LENGTH - value.length} 位` };
  const result = validateIdNumber(value, now);
  return result.ok ? { tone: 'ok', text: '✓ 身份证号格式正确' } : { tone: 'error', text: identityReasonMessages[result.reason] };
}

export interface DetailsFormInput {
  name: string;
  idNumber: string;
  /** Typed phone; ignored when phoneCode is given. */
  phone: string;
  /** From the getPhoneNumber button (weapp). */
  phoneCode: string | null;
}

export type DetailsField = 'name' | 'idNumber' | 'phone';

export type DetailsBindBody = { method: 'details'; name: string; idNumber: string; phone?: string; phoneCode?: string };

export type DetailsCheck = { ok: true; body: DetailsBindBody } | { ok: false; errors: Partial<Record<DetailsField, string>> };

/** Validates the whole form; every wrong field gets its own sentence. */
export function checkDetailsForm(input: DetailsFormInput, now: Date = new Date()): DetailsCheck {
  const errors: Partial<Record<DetailsField, string>> = {};
  const name = validatePersonName(input.name);
  if (!name.ok) errors.name = input.name.trim() === '' ? '请填写姓名（与身份证上一致）' : identityReasonMessages[name.reason];
  const id = validateIdNumber(input.idNumber, now);
  if (!id.ok) errors.idNumber = input.idNumber.trim() === '' ? '请填写18位身份证号' : identityReasonMessages[id.reason];
  let phone: string | undefined;
  if (!input.phoneCode) {
    const checked = validatePhone(input.phone);
    if (!checked.ok) errors.phone = input.phone.trim() === '' ? '请填写手机号（在签约机构登记的号码）' : identityReasonMessages[checked.reason];
    else phone = checked.value;
  }
  if (!name.ok || !id.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: { method: 'details', name: name.value, idNumber: id.value, ...(input.phoneCode ? { phoneCode: input.phoneCode } : { phone }) },
  };
}

const BINDING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** The clinic's code as typed ("jkcz 8888", "JKCZ-8888") → "JKCZ8888", or null when it cannot be one. */
export function normalizeBindingCode(raw: string): string | null {
  const value = raw.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  return value.length === 8 && [...value].every((c) => BINDING_CODE_ALPHABET.includes(c)) ? value : null;
}

export interface BindErrorView {
  message: string;
  /** The field to mark, when the error is about one. */
  field: DetailsField | 'code' | null;
  locked: boolean;
}

const fieldOfCode: Partial<Record<string, DetailsField | 'code'>> = {
  person_name_format_invalid: 'name',
  person_name_length_invalid: 'name',
  id_number_format_invalid: 'idNumber',
  id_number_region_invalid: 'idNumber',
  id_number_birthdate_invalid: 'idNumber',
  id_number_checksum_invalid: 'idNumber',
  phone_format_invalid: 'phone',
  phone_code_invalid: 'phone',
  binding_code_invalid: 'code',
  binding_code_expired: 'code',
  binding_code_used: 'code',
};

/**
 * A failed bind as the page shows it. `binding_details_not_matched` keeps the service's wording,
 * which never says whether an archive exists; `binding_locked` adds when to try again.
 */
export function bindErrorView(error: unknown, now: Date = new Date()): BindErrorView {
  if (!isApiError(error)) return { message: messageFor('internal_error'), field: null, locked: false };
  if (error.code === 'binding_locked') {
    const details = error.details as { retryAfterSeconds?: unknown } | undefined;
    const seconds = typeof details?.retryAfterSeconds === 'number' && details.retryAfterSeconds > 0 ? details.retryAfterSeconds : null;
    const when = seconds === null ? '' : `请在 ${formatDateTime(new Date(now.getTime() + seconds * 1000).toISOString())}（${formatWait(seconds)}后）再试，`;
    return { message: `尝试次数过多，绑定已暂时锁定。${when || '请稍后再试，'}或带上身份证到签约机构办理。`, field: null, locked: true };
  }
  return { message: error.message, field: fieldOfCode[error.code] ?? null, locked: false };
}

async function bind(body: DetailsBindBody | { method: 'bindingCode'; code: string }): Promise<ResidentCardView> {
  const resident = readResidentCard((await parsed(residentProfileResult, api.post('/api/identity/bind', body))).resident);
  // Refresh who-am-I so the new archive becomes the active profile.
  await loadMyProfile();
  return resident;
}

export function bindByDetails(body: DetailsBindBody): Promise<ResidentCardView> {
  return bind(body);
}

export function bindByCode(code: string): Promise<ResidentCardView> {
  return bind({ method: 'bindingCode', code });
}
