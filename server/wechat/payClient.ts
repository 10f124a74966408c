import { randomBytes } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import { z } from 'zod';
import { buildRequestPaymentParams, verifyWechatPaySignature, type RequestPaymentParams, type WechatPaySignatureCheck } from './payCrypto';

/**
 * WeChat Pay API v3 client for JSAPI (mini-program) payments. wechatpay-node-v3 builds the request
 * signature and Authorization header; we send with fetch to a configurable base URL (the real host
 * or the local simulator) and verify every response's signature ourselves before trusting it.
 */
export interface WechatPayClientConfig {
  appId: string;
  baseUrl: string;
  mchId: string;
  merchantSerial: string;
  merchantPrivateKeyPem: string;
  apiV3Key: string;
  publicKeyId: string;
  publicKeyPem: string;
  notifyUrl: string;
}

/** WeChat Pay answered with an error body: `{ code, message }` and the HTTP status. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WechatPayError';
  }
}

/** No trustworthy answer: the call timed out, failed, or came back unsigned, mis-signed or malformed. */
export class WechatPayTransportError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network_failed' | 'response_malformed' | Exclude<WechatPaySignatureCheck, 'ok'>,
    message: string,
  ) {
    super(message);
    this.name = 'WechatPayTransportError';
  }
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface WechatPayTransaction {
  outTradeNo: string;
  tradeState: TradeState;
  tradeStateDescription: string;
  totalFen: number;
  transactionId?: string;
  payerTotalFen?: number;
  payerOpenid?: string;
  successTime?: string;
}

export interface WechatPayRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  status: RefundStatus;
  refundFen: number;
  totalFen: number;
  createTime: string;
  successTime?: string;
}

const transactionSchema = z.object({
  out_trade_no: z.string(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  trade_state_desc: z.string(),
  transaction_id: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string() }).optional(),
  amount: z.object({ total: z.number().int(), payer_total: z.number().int().optional() }),
});

const refundSchema = z.object({
  out_refund_no: z.string(),
  refund_id: z.string(),
  out_trade_no: z.string(),
  status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
  create_time: z.string(),
  success_time: z.string().optional(),
  amount: z.object({ refund: z.number().int(), total: z.number().int() }),
});

const errorSchema = z.object({ code: z.string(), message: z.string() });

export interface WechatPayClientDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createWechatPayClient(config: WechatPayClientConfig, deps: WechatPayClientDeps = {}) {
  const send = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const signer = new Pay({
    appid: config.appId,
    mchid: config.mchId,
    serial_no: config.merchantSerial,
    // The library insists on a public key but only uses it to derive serial_no, which we give.
    publicKey: Buffer.from(config.publicKeyPem),
    privateKey: Buffer.from(config.merchantPrivateKeyPem),
  });

  async function call(method: 'GET' | 'POST', pathWithQuery: string, body?: object): Promise<{ status: number; json: unknown }> {
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    // Our own nonce: the library's buildAuthorization draws it from Math.random().
    const nonce = randomBytes(16).toString('hex');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signer.getSignature(method, nonce, timestamp, pathWithQuery, bodyText === '' ? undefined : bodyText);
    let response: Response;
    let rawBody: Buffer;
    try {
      response = await send(`${baseUrl}${pathWithQuery}`, {
        method,
        headers: {
          Authorization: signer.getAuthorization(nonce, timestamp, signature),
          Accept: 'application/json',
          'User-Agent': 'resident-health-passbook',
          ...(bodyText === '' ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(bodyText === '' ? {} : { body: bodyText }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      rawBody = Buffer.from(await response.arrayBuffer());
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      throw new WechatPayTransportError(timedOut ? 'timeout' : 'network_failed', `WeChat Pay ${method} ${pathWithQuery.split('?')[0]} ${timedOut ? 'timed out' : 'failed'}`);
    }
    const check = verifyWechatPaySignature({ headers: response.headers, rawBody, publicKeyPem: config.publicKeyPem, publicKeyId: config.publicKeyId, now: new Date() });
    if (check !== 'ok') throw new WechatPayTransportError(check, `WeChat Pay response to ${method} ${pathWithQuery.split('?')[0]} rejected: ${check}`);
    const json = rawBody.length === 0 ? undefined : parseJsonOrUndefined(rawBody.toString('utf8'));
    if (response.status >= 400) {
      const error = errorSchema.safeParse(json);
      throw error.success ? new WechatPayError(response.status, error.data.code, error.data.message) : new WechatPayError(response.status, 'UNKNOWN', `HTTP ${response.status}`);
    }
    return { status: response.status, json };
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new WechatPayTransportError('response_malformed', `WeChat Pay ${what} response malformed`);
    return parsed.data;
  }

  const tradePath = (outTradeNo: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`;

  return {
    async createJsapiOrder(input: { outTradeNo: string; description: string; totalFen: number; payerOpenid: string; notifyUrl?: string }): Promise<{ prepayId: string }> {
      const { json } = await call('POST', '/v3/pay/transactions/jsapi', {
        appid: config.appId,
        mchid: config.mchId,
        description: input.description,
        out_trade_no: input.outTradeNo,
        notify_url: input.notifyUrl ?? config.notifyUrl,
        amount: { total: input.totalFen, currency: 'CNY' },
        payer: { openid: input.payerOpenid },
      });
      return { prepayId: parse(z.object({ prepay_id: z.string().min(1) }), json, 'jsapi').prepay_id };
    },

    /** The parameters the mini-program hands to requestPayment, signed with the merchant key. */
    requestPaymentParams(prepayId: string): RequestPaymentParams {
      return buildRequestPaymentParams({ appId: config.appId, prepayId, privateKeyPem: config.merchantPrivateKeyPem });
    },

    async queryOrderByOutTradeNo(outTradeNo: string): Promise<WechatPayTransaction> {
      const { json } = await call('GET', `${tradePath(outTradeNo)}?mchid=${encodeURIComponent(config.mchId)}`);
      const t = parse(transactionSchema, json, 'query');
      return {
        outTradeNo: t.out_trade_no,
        tradeState: t.trade_state,
        tradeStateDescription: t.trade_state_desc,
        totalFen: t.amount.total,
        ...(t.transaction_id === undefined ? {} : { transactionId: t.transaction_id }),
        ...(t.amount.payer_total === undefined ? {} : { payerTotalFen: t.amount.payer_total }),
        ...(t.payer === undefined ? {} : { payerOpenid: t.payer.openid }),
        ...(t.success_time === undefined ? {} : { successTime: t.success_time }),
      };
    },

    async closeOrder(outTradeNo: string): Promise<void> {
      await call('POST', `${tradePath(outTradeNo)}/close`, { mchid: config.mchId });
    },

    /** Retry with the same outRefundNo: WeChat Pay then returns the refund it already accepted. */
    async createRefund(input: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason?: string; notifyUrl?: string }): Promise<WechatPayRefund> {
      const { json } = await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        notify_url: input.notifyUrl ?? config.notifyUrl,
        amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
      });
      return toRefund(parse(refundSchema, json, 'refund'));
    },

    async queryRefund(outRefundNo: string): Promise<WechatPayRefund> {
      const { json } = await call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
      return toRefund(parse(refundSchema, json, 'refund query'));
    },
  };
}

export type WechatPayClient = ReturnType<typeof createWechatPayClient>;

function toRefund(r: z.infer<typeof refundSchema>): WechatPayRefund {
  return {
    outRefundNo: r.out_refund_no,
    refundId: r.refund_id,
    outTradeNo: r.out_trade_no,
    status: r.status,
    refundFen: r.amount.refund,
    totalFen: r.amount.total,
    createTime: r.create_time,
    ...(r.success_time === undefined ? {} : { successTime: r.success_time }),
  };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
