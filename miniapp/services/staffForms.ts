import { isApiError } from './apiError';
import { newClientReadingId } from './readingForms';

/**
 * Pure helpers shared by the staff forms (随访, 签约, 筛查, 代办人核验, 积分规则): number fields typed
 * as text, client request ids, and the service's refusal turned into Chinese messages next to the
 * fields they concern. No Taro here, so the forms' logic is testable on its own.
 */
export type FieldErrors = Record<string, string>;

export interface FormProblem {
  /** Field key → message, shown under that field. */
  fieldErrors: FieldErrors;
  /** Shown above the submit button: what went wrong overall (always set). */
  formError: string;
}

/** A client-generated id the service deduplicates by; kept for the whole form so a retry is safe. */
export const newClientRequestId = (): string => newClientReadingId();

/** "12.5" → 12.5; empty → undefined; anything else → NaN (the form's check reports it). */
export function numberOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const hasChinese = (text: string) => /[\u3400-\u9fff]/.test(text);

/** zod issue codes (v3 and v4 names) in words, for issues whose own message is not Chinese. */
const issueCodeMessages: Record<string, string> = {
  invalid_type: '请按要求填写',
  too_small: '数值太小或内容太短',
  too_big: '数值太大或内容太长',
  invalid_format: '格式不对',
  invalid_string: '格式不对',
  invalid_value: '请从选项中选择',
  invalid_enum_value: '请从选项中选择',
  not_multiple_of: '请填写整数',
  unrecognized_keys: '包含不能识别的内容',
  in_future: '日期不能晚于今天',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The service's refusal as messages by field. Issues come as `{ path: 'body.signs.systolicMmHg' }`
 * (request validation) or `{ field: 'systolicMmHg' }` (clinical plausibility); `fieldOf` maps either
 * to the form's field key, or null when the form has no such field (the message then goes on top).
 */
export function formProblemOf(error: unknown, fieldOf: (path: string) => string | null, fallback = '没有保存成功，请稍后再试'): FormProblem {
  if (!isApiError(error)) return { fieldErrors: {}, formError: fallback };
  const details = isRecord(error.details) ? error.details : {};
  const issues = [...(Array.isArray(details['issues']) ? details['issues'] : []), ...(Array.isArray(details['problems']) ? details['problems'] : [])].filter(isRecord);
  const fieldErrors: FieldErrors = {};
  const loose: string[] = [];
  for (const issue of issues) {
    const path = typeof issue['path'] === 'string' ? issue['path'].replace(/^(body|query|params)\./, '') : typeof issue['field'] === 'string' ? issue['field'] : '';
    const raw = typeof issue['message'] === 'string' ? issue['message'] : '';
    const code = typeof issue['code'] === 'string' ? issue['code'] : '';
    const message = hasChinese(raw) ? raw : (issueCodeMessages[code] ?? '这一项填写有误');
    const field = path ? fieldOf(path) : null;
    if (field && !fieldErrors[field]) fieldErrors[field] = message;
    else if (!field && !loose.includes(message)) loose.push(message);
  }
  const count = Object.keys(fieldErrors).length;
  const formError = loose.length > 0 ? `${error.message}：${loose.join('；')}` : count > 0 ? `${error.message}（共 ${count} 处，见标红的项目）` : error.message;
  return { fieldErrors, formError };
}

/** Maps a path to the first field key it starts with (`signs.weightKg.now` → `weightKg`), by a table. */
export function fieldByPrefix(table: ReadonlyArray<readonly [string, string]>): (path: string) => string | null {
  return (path) => table.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1] ?? null;
}

/** One number box of a staff form: its key in the draft, its label and where it goes in the body. */
export interface NumberFieldDef {
  key: string;
  /** Under the row label: 目前 / 下次目标, or the field's own name. */
  label: string;
  /** Dotted path in the request body, e.g. `signs.systolicMmHg`. */
  path: string;
  /** Allows a decimal point (and brings up that keyboard). */
  decimal: boolean;
}

/** Number boxes shown on one line under one label, e.g. 血压 = 收缩压 + 舒张压. */
export interface NumberRowDef<Section extends string = string> {
  key: string;
  label: string;
  section: Section;
  fields: readonly NumberFieldDef[];
}

/** Sets `a.b.c` in a plain object, creating the objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? path] = value;
}

/** Pure: number boxes that are not numbers (or not whole where they must be), by key. */
export function numberErrors(fields: readonly NumberFieldDef[], numbers: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const value = numberOf(numbers[field.key] ?? '');
    if (value !== undefined && Number.isNaN(value)) errors[field.key] = '请填写数字';
    else if (value !== undefined && !field.decimal && !Number.isInteger(value)) errors[field.key] = '请填写整数';
  }
  return errors;
}

/** Pure: writes every filled-in number box into the body at its path. */
export function writeNumbers(body: Record<string, unknown>, fields: readonly NumberFieldDef[], numbers: Record<string, string>): void {
  for (const field of fields) {
    const value = numberOf(numbers[field.key] ?? '');
    if (value !== undefined && !Number.isNaN(value)) setPath(body, field.path, value);
  }
}

/** Pure: 收缩压 and 舒张压 go together (the service refuses one without the other). */
export function bpPairError(numbers: Record<string, string>, systolicKey: string, diastolicKey: string): FieldErrors {
  const sbp = (numbers[systolicKey] ?? '').trim();
  const dbp = (numbers[diastolicKey] ?? '').trim();
  if ((sbp === '') === (dbp === '')) return {};
  return { [sbp === '' ? systolicKey : diastolicKey]: '收缩压和舒张压请一起填写' };
}
