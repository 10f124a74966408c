import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, isRecord, listen, parseJson, readRawBody } from './httpKit';
import { beijingTime, createPayNotifier } from './wechatPayNotifier';
import { checkMerchantSignature, platformSignatureHeaders } from './wechatPaySigning';

/**
 * WeChat Pay API v3 simulator (api.mch.weixin.qq.com) for JSAPI / mini-program payments: every
 * request's signature is verified, every response is signed, and callbacks are delivered encrypted
 * and signed. Dev/test controls under /__sim/pay/… play the payer (complete or fail a payment) and
 * bend callback delivery (twice, late, never, refund first).
 */
export interface WechatPaySimulatorOptions {
  appId: string;
  mchId: string;
  apiV3Key: string;
  merchant: { serial: string; publicKeyPem: string };
  platform: { publicKeyId: string; privateKeyPem: string };
  /** Multiplies the callback retry schedule (15 s, 15 s, 30 s, …); 0.001 turns seconds into milliseconds. */
  notificationTimeScale?: number;
  /** How long an accepted refund stays PROCESSING before it succeeds. */
  refundProcessingMs?: number;
  host?: string;
  port?: number;
}

export interface WechatPaySimulator {
  baseUrl: string;
  close(): Promise<void>;
}

export type NotificationMode = 'normal' | 'twice' | 'delayed' | 'never' | 'refund_first';
const notificationModes: readonly NotificationMode[] = ['normal', 'twice', 'delayed', 'never', 'refund_first'];

type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR' | 'REFUND';
const tradeStateDescriptions: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  PAYERROR: '支付失败，请重新下单支付',
  REFUND: '订单发生过退款',
};

interface JsapiOrderRequest {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  amount: { total: number; currency: string };
  payer: { openid: string };
}

interface SimOrder {
  request: JsapiOrderRequest;
  requestFingerprint: string;
  prepayId: string;
  tradeState: TradeState;
  transactionId?: string;
  successTimeMs?: number;
  refundNos: string[];
  /** Set in refund_first mode: the payment callback waits until a refund callback has gone out. */
  heldPaymentNotification?: () => Promise<void>;
}

interface SimRefund {
  requestFingerprint: string;
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  refundFen: number;
  totalFen: number;
  status: 'PROCESSING' | 'SUCCESS';
  createTimeMs: number;
  successTimeMs?: number;
  notifyUrl: string;
}

interface ApiResult {
  status: number;
  body?: unknown;
}

const refundsPerOrderMax = 50;
const refundWindowMs = 365 * 24 * 3600_000;
const outTradeNoPattern = /^[A-Za-z0-9_\-|*]{6,32}$/;

const fail = (status: number, code: string, message: string): ApiResult => ({ status, body: { code, message } });

export async function startWechatPaySimulator(options: WechatPaySimulatorOptions): Promise<WechatPaySimulator> {
  const orders = new Map<string, SimOrder>();
  const refunds = new Map<string, SimRefund>();
  const timers = new Set<NodeJS.Timeout>();
  let tamperedResponsesPending = 0;
  const notifier = createPayNotifier({ platform: options.platform, apiV3Key: options.apiV3Key, timeScale: options.notificationTimeScale ?? 1 });

  function createJsapiOrder(body: unknown): ApiResult {
    const request = parseJsapiOrder(body);
    if (typeof request === 'string') return fail(400, 'PARAM_ERROR', `参数错误: ${request}`);
    if (request.appid !== options.appId || request.mchid !== options.mchId) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    const fingerprint = JSON.stringify(request);
    const existing = orders.get(request.out_trade_no);
    if (existing) {
      if (existing.requestFingerprint !== fingerprint) return fail(400, 'INVALID_REQUEST', '201 商户订单号重复');
      if (existing.tradeState === 'CLOSED') return fail(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') return fail(400, 'ORDERPAID', '该订单已支付');
      return { status: 200, body: { prepay_id: existing.prepayId } };
    }
    const prepayId = `wx${beijingTime(Date.now()).replace(/\D/g, '').slice(2, 14)}${randomBytes(12).toString('hex')}`;
    orders.set(request.out_trade_no, { request, requestFingerprint: fingerprint, prepayId, tradeState: 'NOTPAY', refundNos: [] });
    return { status: 200, body: { prepay_id: prepayId } };
  }

  function queryOrder(outTradeNo: string, query: URLSearchParams): ApiResult {
    if (query.get('mchid') !== options.mchId) return fail(400, 'PARAM_ERROR', '参数错误: mchid');
    const order = orders.get(outTradeNo);
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在');
    return { status: 200, body: transactionView(order) };
  }

  function closeOrder(outTradeNo: string, body: unknown): ApiResult {
    if (!isRecord(body) || body.mchid !== options.mchId) return fail(400, 'PARAM_ERROR', '参数错误: mchid');
    const order = orders.get(outTradeNo);
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return fail(400, 'ORDERPAID', '订单已支付');
    order.tradeState = 'CLOSED';
    return { status: 204 };
  }

  function createRefund(body: unknown): ApiResult {
    const input = isRecord(body) ? body : {};
    const amount = isRecord(input.amount) ? input.amount : {};
    const { out_trade_no: outTradeNo, out_refund_no: outRefundNo, notify_url: notifyUrl } = input;
    if (typeof outTradeNo !== 'string') return fail(400, 'PARAM_ERROR', '参数错误: out_trade_no');
    if (typeof outRefundNo !== 'string' || !outTradeNoPattern.test(outRefundNo)) return fail(400, 'PARAM_ERROR', '参数错误: out_refund_no');
    if (!isPositiveInteger(amount.refund) || !isPositiveInteger(amount.total) || amount.currency !== 'CNY') return fail(400, 'PARAM_ERROR', '参数错误: amount');
    if (notifyUrl !== undefined && (typeof notifyUrl !== 'string' || !isHttpUrl(notifyUrl))) return fail(400, 'PARAM_ERROR', '参数错误: notify_url');
    const fingerprint = JSON.stringify([outTradeNo, amount.refund, amount.total, notifyUrl ?? null]);
    // Retrying with the same out_refund_no is how merchants make refunds safe: it returns the same refund.
    const existing = refunds.get(outRefundNo);
    if (existing) {
      return existing.requestFingerprint === fingerprint ? { status: 200, body: refundView(existing) } : fail(400, 'INVALID_REQUEST', '退款单号已存在，但退款参数与原请求不一致');
    }
    const order = orders.get(outTradeNo);
    if (!order) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if ((order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND') || order.successTimeMs === undefined) return fail(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (Date.now() - order.successTimeMs > refundWindowMs) return fail(400, 'INVALID_REQUEST', '订单已超过退款期限');
    if (amount.total !== order.request.amount.total) return fail(400, 'INVALID_REQUEST', '订单金额与原订单金额不一致');
    if (order.refundNos.length >= refundsPerOrderMax) return fail(400, 'INVALID_REQUEST', '订单退款次数已达上限（50次）');
    const refundedFen = order.refundNos.reduce((sum, no) => sum + (refunds.get(no)?.refundFen ?? 0), 0);
    if (refundedFen + amount.refund > order.request.amount.total) return fail(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund: SimRefund = {
      requestFingerprint: fingerprint,
      outRefundNo,
      refundId: `50${String(randomInt(10 ** 9, 10 ** 10 - 1))}${String(randomInt(10 ** 9, 10 ** 10 - 1))}`,
      outTradeNo,
      refundFen: amount.refund,
      totalFen: amount.total,
      status: 'PROCESSING',
      createTimeMs: Date.now(),
      notifyUrl: typeof notifyUrl === 'string' ? notifyUrl : order.request.notify_url,
    };
    refunds.set(outRefundNo, refund);
    order.refundNos.push(outRefundNo);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void settleRefund(order, refund);
    }, options.refundProcessingMs ?? 1000);
    timers.add(timer);
    return { status: 200, body: refundView(refund) };
  }

  async function settleRefund(order: SimOrder, refund: SimRefund): Promise<void> {
    refund.status = 'SUCCESS';
    refund.successTimeMs = Date.now();
    order.tradeState = 'REFUND';
    await notifier.deliver({
      url: refund.notifyUrl,
      eventType: 'REFUND.SUCCESS',
      outTradeNo: order.request.out_trade_no,
      outRefundNo: refund.outRefundNo,
      resource: {
        mchid: options.mchId,
        out_trade_no: order.request.out_trade_no,
        transaction_id: order.transactionId,
        out_refund_no: refund.outRefundNo,
        refund_id: refund.refundId,
        refund_status: 'SUCCESS',
        success_time: beijingTime(refund.successTimeMs),
        user_received_account: '支付用户零钱',
        amount: { total: refund.totalFen, refund: refund.refundFen, payer_total: refund.totalFen, payer_refund: refund.refundFen },
      },
    });
    const held = order.heldPaymentNotification;
    delete order.heldPaymentNotification;
    await held?.();
  }

  function queryRefund(outRefundNo: string): ApiResult {
    const refund = refunds.get(outRefundNo);
    return refund ? { status: 200, body: refundView(refund) } : fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  }

  function transactionView(order: SimOrder) {
    const { request } = order;
    const paid = order.transactionId !== undefined && order.successTimeMs !== undefined;
    return {
      appid: request.appid,
      mchid: request.mchid,
      out_trade_no: request.out_trade_no,
      trade_state: order.tradeState,
      trade_state_desc: tradeStateDescriptions[order.tradeState],
      ...(paid
        ? {
            transaction_id: order.transactionId,
            trade_type: 'JSAPI',
            bank_type: 'OTHERS',
            attach: '',
            success_time: beijingTime(order.successTimeMs ?? 0),
            payer: { openid: request.payer.openid },
            amount: { total: request.amount.total, payer_total: request.amount.total, currency: 'CNY', payer_currency: 'CNY' },
          }
        : { amount: { total: request.amount.total, currency: 'CNY', payer_currency: 'CNY' } }),
    };
  }

  function refundView(refund: SimRefund) {
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: orders.get(refund.outTradeNo)?.transactionId,
      out_trade_no: refund.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: beijingTime(refund.createTimeMs),
      ...(refund.successTimeMs === undefined ? {} : { success_time: beijingTime(refund.successTimeMs) }),
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: refund.totalFen,
        refund: refund.refundFen,
        payer_total: refund.totalFen,
        payer_refund: refund.refundFen,
        settlement_total: refund.totalFen,
        settlement_refund: refund.refundFen,
        discount_refund: 0,
        currency: 'CNY',
      },
    };
  }

  async function completePayment(outTradeNo: string, body: unknown): Promise<ApiResult> {
    const input = isRecord(body) ? body : {};
    const mode = input.notification === undefined ? 'normal' : notificationModes.find((m) => m === input.notification);
    if (!mode) return { status: 400, body: { error: `notification must be one of ${notificationModes.join('|')}` } };
    const order = orders.get(outTradeNo);
    if (!order) return { status: 404, body: { error: 'no such order' } };
    if (order.tradeState !== 'NOTPAY') return { status: 409, body: { error: `order is ${order.tradeState}` } };
    order.tradeState = 'SUCCESS';
    order.successTimeMs = Date.now();
    order.transactionId = `42000${String(randomInt(10 ** 9, 10 ** 10 - 1))}${String(randomInt(10 ** 9, 10 ** 10 - 1))}`;
    const notify = async (extra: { delayMs?: number; copies?: number } = {}) =>
      notifier.deliver({ url: order.request.notify_url, eventType: 'TRANSACTION.SUCCESS', outTradeNo, resource: transactionView(order), ...extra });
    if (mode === 'normal') await notify();
    if (mode === 'twice') await notify({ copies: 2 });
    if (mode === 'delayed') void notify({ delayMs: typeof input.delayMs === 'number' ? input.delayMs : 1000 });
    if (mode === 'refund_first') order.heldPaymentNotification = () => notify();
    return { status: 200, body: { transaction_id: order.transactionId } };
  }

  function failPayment(outTradeNo: string): ApiResult {
    const order = orders.get(outTradeNo);
    if (!order) return { status: 404, body: { error: 'no such order' } };
    if (order.tradeState !== 'NOTPAY') return { status: 409, body: { error: `order is ${order.tradeState}` } };
    order.tradeState = 'PAYERROR';
    return { status: 200, body: { trade_state: order.tradeState } };
  }

  async function control(method: string, path: string, body: unknown): Promise<ApiResult> {
    const orderControl = /^\/__sim\/pay\/orders\/([^/]+)\/(succeed|fail)$/.exec(path);
    if (method === 'POST' && orderControl?.[1] && orderControl[2] === 'succeed') return completePayment(decodeURIComponent(orderControl[1]), body);
    if (method === 'POST' && orderControl?.[1] && orderControl[2] === 'fail') return failPayment(decodeURIComponent(orderControl[1]));
    if (method === 'GET' && path === '/__sim/pay/notifications') return { status: 200, body: { deliveries: notifier.deliveries } };
    if (method === 'POST' && path === '/__sim/pay/tamper-next-response') {
      tamperedResponsesPending++;
      return { status: 200, body: { pending: tamperedResponsesPending } };
    }
    return { status: 404, body: { error: 'unknown simulator control' } };
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown): ApiResult {
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return createJsapiOrder(body);
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return createRefund(body);
    const order = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(path);
    if (order?.[1] && method === 'GET' && !order[2]) return queryOrder(decodeURIComponent(order[1]), query);
    if (order?.[1] && method === 'POST' && order[2]) return closeOrder(decodeURIComponent(order[1]), body);
    const refund = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
    if (refund?.[1] && method === 'GET') return queryRefund(decodeURIComponent(refund[1]));
    return fail(404, 'NOT_FOUND', `simulator has no ${method} ${path}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathWithQuery = req.url ?? '/';
    const url = new URL(pathWithQuery, 'http://simulator');
    const method = req.method ?? 'GET';
    const rawBody = (await readRawBody(req)).toString('utf8');
    if (url.pathname.startsWith('/__sim/')) {
      const result = await control(method, url.pathname, parseJson(rawBody));
      res.writeHead(result.status, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify(result.body));
    }
    const check = checkMerchantSignature({
      method,
      pathWithQuery,
      rawBody,
      authorization: req.headers.authorization,
      mchId: options.mchId,
      merchantSerial: options.merchant.serial,
      merchantPublicKeyPem: options.merchant.publicKeyPem,
      nowMs: Date.now(),
    });
    const result = check === 'ok' ? route(method, url.pathname, url.searchParams, parseJson(rawBody)) : fail(401, 'SIGN_ERROR', `签名错误，验签失败 (${check})`);
    const responseBody = result.body === undefined ? '' : JSON.stringify(result.body);
    const headers = { ...platformSignatureHeaders(responseBody, options.platform, Date.now()), 'Request-ID': randomBytes(16).toString('hex') };
    let sentBody = responseBody;
    if (tamperedResponsesPending > 0 && responseBody !== '') {
      tamperedResponsesPending--;
      // A man in the middle changes one digit after WeChat Pay signed the body.
      sentBody = responseBody.replace(/\d/, (digit) => String((Number(digit) + 1) % 10));
    }
    res.writeHead(result.status, sentBody === '' ? headers : { ...headers, 'Content-Type': 'application/json' });
    res.end(sentBody);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'SYSTEM_ERROR', message: String(err) }));
    });
  });
  const baseUrl = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    baseUrl,
    async close() {
      notifier.stop();
      for (const timer of timers) clearTimeout(timer);
      await closeServer(server);
    },
  };
}

function parseJsapiOrder(body: unknown): JsapiOrderRequest | string {
  if (!isRecord(body)) return 'body';
  const { appid, mchid, description, out_trade_no: outTradeNo, notify_url: notifyUrl, amount, payer } = body;
  if (typeof appid !== 'string' || appid === '') return 'appid';
  if (typeof mchid !== 'string' || mchid === '') return 'mchid';
  if (typeof description !== 'string' || description === '' || description.length > 127) return 'description';
  if (typeof outTradeNo !== 'string' || !outTradeNoPattern.test(outTradeNo)) return 'out_trade_no';
  if (typeof notifyUrl !== 'string' || !isHttpUrl(notifyUrl)) return 'notify_url';
  if (!isRecord(amount) || !isPositiveInteger(amount.total)) return 'amount.total';
  if (amount.currency !== undefined && amount.currency !== 'CNY') return 'amount.currency';
  if (!isRecord(payer) || typeof payer.openid !== 'string' || payer.openid === '') return 'payer.openid';
  return { appid, mchid, description, out_trade_no: outTradeNo, notify_url: notifyUrl, amount: { total: amount.total, currency: 'CNY' }, payer: { openid: payer.openid } };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Real WeChat Pay insists on https; local development answers on http, so both are accepted here. */
function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
