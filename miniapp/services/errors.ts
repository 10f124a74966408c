import { isPlatformError } from '../platform/types';
import { isApiError } from './apiError';

export { ApiError, isApiError, type ApiErrorCode } from './apiError';

const fallbackMessage = '系统开小差了，请稍后再试';

/** The Chinese sentence to show for anything a service call threw. */
export function userMessageOf(error: unknown): string {
  if (isApiError(error) || isPlatformError(error)) return error.message;
  return fallbackMessage;
}
