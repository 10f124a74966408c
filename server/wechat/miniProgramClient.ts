import type { Connection } from 'mongoose';
import { createAccessTokenCache } from './accessTokenCache';
import { WechatApiError } from './wechatApiError';

/**
 * Client for the WeChat server API the mini-program needs: login code exchange, the shared access
 * token, phone numbers and subscribe messages. The base URL is configurable (the real host or the
 * local simulator). Nothing here logs; session_key goes only to the caller of code2Session.
 */
export interface MiniProgramClientConfig {
  appId: string;
  secret: string;
  apiBaseUrl: string;
}

export interface MiniProgramClientDeps {
  connection: Connection;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export interface WechatPhoneNumber {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export type SubscribeMessageOutcome =
  | { outcome: 'sent'; msgid?: number }
  /** 43101: the user has no unused grant for this template; retrying cannot help. */
  | { outcome: 'not_subscribed' }
  /** errcode null: no answer from WeChat. */
  | { outcome: 'retryable'; errcode: number | null };

const tokenRejectedErrcodes = new Set([40001, 42001]);

export function createMiniProgramClient(config: MiniProgramClientConfig, deps: MiniProgramClientDeps) {
  const send = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const baseUrl = config.apiBaseUrl.replace(/\/+$/, '');

  async function requestJson(api: string, pathWithQuery: string, body?: object): Promise<Record<string, unknown>> {
    let text: string;
    try {
      const response = await send(`${baseUrl}${pathWithQuery}`, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      throw new WechatApiError(api, null, err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'request failed');
    }
    // Some endpoints (jscode2session) label their JSON text/plain, so the content type is not consulted.
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WechatApiError(api, null, 'answer is not JSON');
    }
    if (typeof json !== 'object' || json === null) throw new WechatApiError(api, null, 'answer is not a JSON object');
    return json as Record<string, unknown>;
  }

  const errcodeOf = (json: Record<string, unknown>) => (typeof json.errcode === 'number' ? json.errcode : 0);
  const errmsgOf = (json: Record<string, unknown>) => (typeof json.errmsg === 'string' ? json.errmsg : '');

  const accessTokens = createAccessTokenCache({
    connection: deps.connection,
    appId: config.appId,
    // stable_token hands every caller the same token while it is valid, so a fetch never invalidates
    // a token another instance is still using (as /cgi-bin/token would).
    async fetchToken() {
      const json = await requestJson('stable_token', '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: config.appId, secret: config.secret });
      const errcode = errcodeOf(json);
      if (errcode !== 0) throw new WechatApiError('stable_token', errcode, errmsgOf(json));
      if (typeof json.access_token !== 'string' || typeof json.expires_in !== 'number') throw new WechatApiError('stable_token', null, 'answer lacks access_token');
      return { accessToken: json.access_token, expiresInSeconds: json.expires_in };
    },
  });

  /** Calls an API that takes ?access_token=; a rejected token is refreshed once and the call retried once. */
  async function postWithAccessToken(api: string, path: string, body: object): Promise<Record<string, unknown>> {
    const token = await accessTokens.get();
    const json = await requestJson(api, `${path}?access_token=${encodeURIComponent(token)}`, body);
    if (!tokenRejectedErrcodes.has(errcodeOf(json))) return json;
    const refreshed = await accessTokens.get(token);
    return requestJson(api, `${path}?access_token=${encodeURIComponent(refreshed)}`, body);
  }

  return {
    async code2Session(code: string): Promise<WechatSession> {
      const query = new URLSearchParams({ appid: config.appId, secret: config.secret, js_code: code, grant_type: 'authorization_code' });
      const json = await requestJson('jscode2session', `/sns/jscode2session?${query.toString()}`);
      const errcode = errcodeOf(json);
      if (errcode !== 0) throw new WechatApiError('jscode2session', errcode, errmsgOf(json));
      if (typeof json.openid !== 'string' || typeof json.session_key !== 'string') throw new WechatApiError('jscode2session', null, 'answer lacks openid or session_key');
      return { openid: json.openid, sessionKey: json.session_key, ...(typeof json.unionid === 'string' ? { unionid: json.unionid } : {}) };
    },

    getAccessToken(): Promise<string> {
      return accessTokens.get();
    },

    async getPhoneNumber(code: string): Promise<WechatPhoneNumber> {
      const json = await postWithAccessToken('getuserphonenumber', '/wxa/business/getuserphonenumber', { code });
      const errcode = errcodeOf(json);
      if (errcode !== 0) throw new WechatApiError('getuserphonenumber', errcode, errmsgOf(json));
      const info = json.phone_info as Record<string, unknown> | undefined;
      const { phoneNumber, purePhoneNumber, countryCode } = info ?? {};
      if (typeof phoneNumber !== 'string' || typeof purePhoneNumber !== 'string' || typeof countryCode !== 'string') {
        throw new WechatApiError('getuserphonenumber', null, 'answer lacks phone_info');
      }
      return { phoneNumber, purePhoneNumber, countryCode };
    },

    async sendSubscribeMessage(message: { openid: string; templateId: string; page: string; data: Record<string, { value: string }> }): Promise<SubscribeMessageOutcome> {
      let json: Record<string, unknown>;
      try {
        json = await postWithAccessToken('subscribe_send', '/cgi-bin/message/subscribe/send', {
          touser: message.openid,
          template_id: message.templateId,
          page: message.page,
          data: message.data,
        });
      } catch (err) {
        if (err instanceof WechatApiError) return { outcome: 'retryable', errcode: err.errcode };
        throw err;
      }
      const errcode = errcodeOf(json);
      if (errcode === 0) return { outcome: 'sent', ...(typeof json.msgid === 'number' ? { msgid: json.msgid } : {}) };
      if (errcode === 43101) return { outcome: 'not_subscribed' };
      return { outcome: 'retryable', errcode };
    },
  };
}

export type MiniProgramClient = ReturnType<typeof createMiniProgramClient>;
