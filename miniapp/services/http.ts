import Taro from '@tarojs/taro';
import { ApiError, isSessionError, networkUnavailable, readEnvelope } from './apiError';
import { goToLogin } from './navigation';
import { retryDelayMs, shouldRetry, type AttemptFailure, type HttpMethod } from './retryPolicy';
import { clearSession, readSession } from './session';

export { ApiError, isApiError } from './apiError';

/**
 * The typed API client: the only code that talks to the network (pages and components never do).
 *
 * Base URL: `process.env.TARO_APP_API_BASE_URL`, fixed at build time (shell environment or `.env`).
 *   - empty (the default): same origin — the H5 build is served by the service itself;
 *   - weapp builds must set it to the service's https:// origin, e.g. `https://passbook.example.cn`.
 * Requests carry `Authorization: Bearer <token>` from the stored session; success is `{ data }`,
 * failure `{ error: { code, message, details? } }`, thrown as ApiError with the Chinese message.
 */
export const apiBaseUrl: string = (process.env.TARO_APP_API_BASE_URL ?? '').replace(/\/+$/, '');

const requestTimeoutMs = 15_000;

export interface ApiRequestOptions {
  method?: HttpMethod;
  /** Path under the service, starting with `/api/`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Attach the session token (default true). */
  authenticated?: boolean;
  /** On `session_expired`/`session_required`: clear the session and go to login (default true). */
  redirectOnSessionError?: boolean;
}

function buildUrl(path: string, query: ApiRequestOptions['query']): string {
  const search = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${apiBaseUrl}${path}${search ? `?${search}` : ''}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

async function send(url: string, method: HttpMethod, headers: Record<string, string>, body: unknown): Promise<RawResponse> {
  const response = await Taro.request({
    url,
    method,
    header: headers,
    data: body as TaroGeneral.IAnyObject | undefined,
    dataType: 'json',
    timeout: requestTimeoutMs,
  });
  return { statusCode: response.statusCode, data: response.data as unknown };
}

/**
 * The one network call. It answers `unknown` on purpose: a response is data only once a service has
 * parsed it with the route's shared schema (apiSchema.ts `parsed`), so nothing can read it unchecked.
 */
export async function apiRequest(options: ApiRequestOptions): Promise<unknown> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const redirectOnSessionError = options.redirectOnSessionError ?? true;
  if (options.authenticated ?? true) {
    const session = readSession();
    if (!session) {
      // No (or an expired) token: the service would answer 401 session_required; do not ask it.
      const error = new ApiError({ code: 'session_required', status: 401 });
      if (redirectOnSessionError) goToLogin();
      throw error;
    }
    headers['Authorization'] = `Bearer ${session.token}`;
  }
  const url = buildUrl(options.path, options.query);

  for (let retriesDone = 0; ; retriesDone += 1) {
    let failure: AttemptFailure;
    let error: ApiError;
    try {
      const response = await send(url, method, headers, options.body);
      const envelope = readEnvelope(response.statusCode, response.data);
      if (envelope.ok) return envelope.data;
      error = envelope.error;
      failure = { kind: 'status', status: response.statusCode };
    } catch (cause) {
      error = networkUnavailable(cause);
      failure = { kind: 'network' };
    }

    if (shouldRetry({ method, retriesDone, failure })) {
      await sleep(retryDelayMs(retriesDone));
      continue;
    }
    if (isSessionError(error) && redirectOnSessionError) {
      clearSession();
      goToLogin();
    }
    throw error;
  }
}

export const api = {
  get(path: string, options: Omit<ApiRequestOptions, 'path' | 'method' | 'body'> = {}): Promise<unknown> {
    return apiRequest({ ...options, path, method: 'GET' });
  },
  post(path: string, body: unknown, options: Omit<ApiRequestOptions, 'path' | 'method' | 'body'> = {}): Promise<unknown> {
    return apiRequest({ ...options, path, method: 'POST', body });
  },
  delete(path: string, options: Omit<ApiRequestOptions, 'path' | 'method' | 'body'> = {}): Promise<unknown> {
    return apiRequest({ ...options, path, method: 'DELETE' });
  },
};
