import { ApiError } from './apiError';

/**
 * Field readers for the doctor screens' answers that are not yet parsed by a shared schema (issue
 * 20): each screen's service reads what it needs and throws `unexpected_response` without it.
 */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
export const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
export const unexpected = () => new ApiError({ code: 'unexpected_response', status: 200 });
export const staffPath = (residentId: string, suffix: string) => `/api/staff/residents/${encodeURIComponent(residentId)}${suffix}`;
