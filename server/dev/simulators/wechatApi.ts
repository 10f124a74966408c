import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, isRecord, listen, parseJson, readRawBody, sendJson } from './httpKit';

/**
 * WeChat server API simulator (api.weixin.qq.com): login code exchange, access tokens, phone number
 * and subscribe messages, with the real paths, shapes and errcodes. Test and dev controls live under
 * /__sim/…; they mint what the mini-program would obtain on a phone (login and phone codes,
 * subscription grants) and inject failures.
 */
export interface WechatApiSimulatorOptions {
  appId: string;
  secret: string;
  host?: string;
  port?: number;
}

export interface WechatApiSimulator {
  baseUrl: string;
  close(): Promise<void>;
}

export type SimulatedApi = 'jscode2session' | 'token' | 'stable_token' | 'getuserphonenumber' | 'subscribe_send';
const simulatedApis: readonly SimulatedApi[] = ['jscode2session', 'token', 'stable_token', 'getuserphonenumber', 'subscribe_send'];

const codeLifetimeMs = 5 * 60_000;
const tokenLifetimeSeconds = 7200;
// After /cgi-bin/token issues a new token, the previous one keeps working for five more minutes.
const replacedTokenGraceMs = 5 * 60_000;
const loginCallsPerOpenidPerMinuteMax = 100;

const errmsgs: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47003: 'argument invalid!',
};

interface IssuedCode {
  issuedAtMs: number;
  used: boolean;
}
interface LoginCode extends IssuedCode {
  openid: string;
  unionid?: string;
}
interface PhoneCode extends IssuedCode {
  phoneNumber: string;
  countryCode: string;
}
interface AccessToken {
  expiresAtMs: number;
  invalidated: boolean;
  stable: boolean;
}
interface RecordedMessage {
  touser: unknown;
  template_id: unknown;
  page: unknown;
  data: unknown;
  errcode: number;
  msgid?: number;
  sentAtMs: number;
}

export async function startWechatApiSimulator(options: WechatApiSimulatorOptions): Promise<WechatApiSimulator> {
  const { appId, secret } = options;
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  const loginCodes = new Map<string, LoginCode>();
  const phoneCodes = new Map<string, PhoneCode>();
  const tokens = new Map<string, AccessToken>();
  let stableToken: string | undefined;
  const loginCallTimesByOpenid = new Map<string, number[]>();
  const grantsBySubscription = new Map<string, number>();
  const messages: RecordedMessage[] = [];
  const injectedFailures = new Map<SimulatedApi, { errcode: number; times: number }>();
  const callCounts = Object.fromEntries(simulatedApis.map((api) => [api, 0])) as Record<SimulatedApi, number>;

  const error = (errcode: number) => ({ errcode, errmsg: `${errmsgs[errcode] ?? 'simulated failure'} rid: ${randomBytes(6).toString('hex')}` });

  function takeInjectedFailure(api: SimulatedApi): number | undefined {
    const failure = injectedFailures.get(api);
    if (!failure) return undefined;
    if (--failure.times <= 0) injectedFailures.delete(api);
    return failure.errcode;
  }

  function issueToken(stable: boolean): string {
    const token = randomBytes(48).toString('base64url');
    tokens.set(token, { expiresAtMs: now() + tokenLifetimeSeconds * 1000, invalidated: false, stable });
    return token;
  }

  function tokenErrcode(token: string | null): number | undefined {
    if (!token) return 41001;
    const record = tokens.get(token);
    if (!record || record.invalidated) return 40001;
    if (record.expiresAtMs <= now()) return 42001;
    return undefined;
  }

  function credentialErrcode(givenAppId: unknown, givenSecret: unknown): number | undefined {
    if (givenAppId !== appId) return 40013;
    if (givenSecret !== secret) return 40125;
    return undefined;
  }

  function isLive<T extends IssuedCode>(code: T | undefined): code is T {
    return code !== undefined && now() - code.issuedAtMs <= codeLifetimeMs;
  }

  function jscode2session(query: URLSearchParams): { status: number; body: unknown } {
    const credentialError = credentialErrcode(query.get('appid'), query.get('secret'));
    if (credentialError) return { status: 200, body: error(credentialError) };
    const injected = takeInjectedFailure('jscode2session');
    if (injected !== undefined) return { status: 200, body: error(injected) };
    const code = loginCodes.get(query.get('js_code') ?? '');
    if (!code) return { status: 200, body: error(40029) };
    // The quota counts every exchange attempt for the user, successful or not.
    const windowStartMs = now() - 60_000;
    const calls = (loginCallTimesByOpenid.get(code.openid) ?? []).filter((t) => t > windowStartMs);
    calls.push(now());
    loginCallTimesByOpenid.set(code.openid, calls);
    if (calls.length > loginCallsPerOpenidPerMinuteMax) return { status: 200, body: error(45011) };
    if (code.used) return { status: 200, body: error(40163) };
    if (!isLive(code)) return { status: 200, body: error(40029) };
    code.used = true;
    const sessionKey = randomBytes(16).toString('base64');
    return { status: 200, body: { session_key: sessionKey, openid: code.openid, ...(code.unionid ? { unionid: code.unionid } : {}) } };
  }

  function token(query: URLSearchParams): unknown {
    if (query.get('grant_type') !== 'client_credential') return error(40002);
    const credentialError = credentialErrcode(query.get('appid'), query.get('secret'));
    if (credentialError) return error(credentialError);
    const injected = takeInjectedFailure('token');
    if (injected !== undefined) return error(injected);
    for (const record of tokens.values()) {
      if (!record.stable) record.expiresAtMs = Math.min(record.expiresAtMs, now() + replacedTokenGraceMs);
    }
    return { access_token: issueToken(false), expires_in: tokenLifetimeSeconds };
  }

  function stableTokenResponse(body: unknown): unknown {
    if (!isRecord(body) || body.grant_type !== 'client_credential') return error(40002);
    const credentialError = credentialErrcode(body.appid, body.secret);
    if (credentialError) return error(credentialError);
    const injected = takeInjectedFailure('stable_token');
    if (injected !== undefined) return error(injected);
    const current = stableToken === undefined ? undefined : tokens.get(stableToken);
    const currentUsable = current && !current.invalidated && current.expiresAtMs > now();
    if (!stableToken || !current || !currentUsable || body.force_refresh === true) {
      if (current) current.invalidated = true;
      stableToken = issueToken(true);
    }
    const record = tokens.get(stableToken);
    const expiresIn = record ? Math.floor((record.expiresAtMs - now()) / 1000) : tokenLifetimeSeconds;
    return { access_token: stableToken, expires_in: expiresIn };
  }

  function phoneNumber(query: URLSearchParams, body: unknown): unknown {
    const tokenError = tokenErrcode(query.get('access_token'));
    if (tokenError) return error(tokenError);
    const injected = takeInjectedFailure('getuserphonenumber');
    if (injected !== undefined) return error(injected);
    const code = isRecord(body) && typeof body.code === 'string' ? phoneCodes.get(body.code) : undefined;
    if (!isLive(code) || code.used) return error(40029);
    code.used = true;
    const { phoneNumber: pure, countryCode } = code;
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: countryCode === '86' ? pure : `+${countryCode}${pure}`,
        purePhoneNumber: pure,
        countryCode,
        watermark: { timestamp: Math.floor(now() / 1000), appid: appId },
      },
    };
  }

  function subscribeSend(query: URLSearchParams, body: unknown): unknown {
    const tokenError = tokenErrcode(query.get('access_token'));
    if (tokenError) return error(tokenError);
    const message = isRecord(body) ? body : {};
    const record: RecordedMessage = { touser: message.touser, template_id: message.template_id, page: message.page, data: message.data, errcode: 0, sentAtMs: now() };
    messages.push(record);
    record.errcode = subscribeErrcode(message);
    if (record.errcode !== 0) return error(record.errcode);
    record.msgid = randomInt(1, 2 ** 47);
    return { errcode: 0, errmsg: 'ok', msgid: record.msgid };
  }

  function subscribeErrcode(message: Record<string, unknown>): number {
    if (typeof message.touser !== 'string' || message.touser === '') return 40003;
    if (typeof message.template_id !== 'string' || message.template_id === '') return 40037;
    if (!isRecord(message.data)) return 47003;
    const injected = takeInjectedFailure('subscribe_send');
    if (injected !== undefined) return injected;
    // requestSubscribeMessage grants one-time permission: each grant allows exactly one message.
    const key = subscriptionKey(message.touser, message.template_id);
    const grants = grantsBySubscription.get(key) ?? 0;
    if (grants <= 0) return 43101;
    grantsBySubscription.set(key, grants - 1);
    return 0;
  }

  function control(method: string, path: string, body: unknown): { status: number; body: unknown } {
    const input = isRecord(body) ? body : {};
    switch (`${method} ${path}`) {
      case 'POST /__sim/login-code': {
        const openid = typeof input.openid === 'string' ? input.openid : openidFor(appId, typeof input.name === 'string' ? input.name : randomBytes(8).toString('hex'));
        const code = randomBytes(16).toString('hex');
        loginCodes.set(code, { openid, issuedAtMs: now(), used: false, ...(typeof input.unionid === 'string' ? { unionid: input.unionid } : {}) });
        return { status: 200, body: { code, openid } };
      }
      case 'POST /__sim/phone-code': {
        if (typeof input.phoneNumber !== 'string') return { status: 400, body: { error: 'phoneNumber required' } };
        const code = randomBytes(16).toString('hex');
        const countryCode = typeof input.countryCode === 'string' ? input.countryCode : '86';
        phoneCodes.set(code, { phoneNumber: input.phoneNumber, countryCode, issuedAtMs: now(), used: false });
        return { status: 200, body: { code } };
      }
      case 'POST /__sim/subscriptions': {
        if (typeof input.openid !== 'string' || typeof input.templateId !== 'string') return { status: 400, body: { error: 'openid and templateId required' } };
        const key = subscriptionKey(input.openid, input.templateId);
        const grants = (grantsBySubscription.get(key) ?? 0) + (typeof input.count === 'number' ? input.count : 1);
        grantsBySubscription.set(key, grants);
        return { status: 200, body: { grants } };
      }
      case 'GET /__sim/messages':
        return { status: 200, body: { messages } };
      case 'GET /__sim/stats':
        return { status: 200, body: { calls: callCounts } };
      case 'POST /__sim/fail-next': {
        const api = simulatedApis.find((name) => name === input.api);
        if (!api || typeof input.errcode !== 'number') return { status: 400, body: { error: `api (${simulatedApis.join('|')}) and errcode required` } };
        injectedFailures.set(api, { errcode: input.errcode, times: typeof input.times === 'number' ? input.times : 1 });
        return { status: 200, body: { ok: true } };
      }
      case 'POST /__sim/expire-tokens': {
        const invalidate = input.errcode === 40001;
        for (const record of tokens.values()) {
          if (invalidate) record.invalidated = true;
          else record.expiresAtMs = Math.min(record.expiresAtMs, now());
        }
        return { status: 200, body: { ok: true } };
      }
      case 'POST /__sim/clock': {
        clockOffsetMs += typeof input.advanceMs === 'number' ? input.advanceMs : 0;
        return { status: 200, body: { clockOffsetMs } };
      }
      default:
        return { status: 404, body: { error: 'unknown simulator control' } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    const body = parseJson(await readRawBody(req));
    if (url.pathname.startsWith('/__sim/')) {
      const result = control(method, url.pathname, body);
      return sendJson(res, result.status, result.body);
    }
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'GET /sns/jscode2session': {
        callCounts.jscode2session++;
        const result = jscode2session(url.searchParams);
        // The real endpoint answers JSON labelled text/plain; clients must not rely on the content type.
        return sendJson(res, result.status, result.body, 'text/plain');
      }
      case 'GET /cgi-bin/token':
        callCounts.token++;
        return sendJson(res, 200, token(url.searchParams));
      case 'POST /cgi-bin/stable_token':
        callCounts.stable_token++;
        return sendJson(res, 200, stableTokenResponse(body));
      case 'POST /wxa/business/getuserphonenumber':
        callCounts.getuserphonenumber++;
        return sendJson(res, 200, phoneNumber(url.searchParams, body));
      case 'POST /cgi-bin/message/subscribe/send':
        callCounts.subscribe_send++;
        return sendJson(res, 200, subscribeSend(url.searchParams, body));
      default:
        return sendJson(res, 404, { errcode: 404, errmsg: `simulator has no ${route}` });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { errcode: -1, errmsg: String(err) }));
  });
  const baseUrl = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return { baseUrl, close: () => closeServer(server) };
}

function subscriptionKey(openid: string, templateId: string): string {
  return `${openid}\u0000${templateId}`;
}

/** Openids are 28 characters starting with "o"; derived from the app and a name so tests can predict them. */
export function openidFor(appId: string, name: string): string {
  return `o${createHash('sha256').update(`${appId}:${name}`).digest('base64url').slice(0, 27)}`;
}
