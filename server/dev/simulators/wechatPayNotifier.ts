import { randomUUID } from 'node:crypto';
import { encryptResource, platformSignatureHeaders } from './wechatPaySigning';

/**
 * Delivers WeChat Pay callbacks the way WeChat Pay does: an encrypted resource in a signed POST to
 * notify_url, retried on anything but a 2xx answered within 5 s, on the documented schedule.
 * `timeScale` shrinks the schedule so tests can watch retries in milliseconds.
 */
export type PayEventType = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS';

export interface NotificationDelivery {
  notificationId: string;
  eventType: PayEventType;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  attempt: number;
  /** HTTP status answered, or 0 when the service gave no answer (refused, reset, timed out). */
  status: number;
  deliveredAtMs: number;
}

export interface PayNotifier {
  /** Resolves once the first attempt has been answered (or failed); retries continue in the background. */
  deliver(input: {
    url: string;
    eventType: PayEventType;
    outTradeNo: string;
    outRefundNo?: string;
    resource: object;
    delayMs?: number;
    /** 2 sends the very same notification (same id) again once the first copy was answered, as WeChat Pay sometimes does. */
    copies?: number;
  }): Promise<void>;
  readonly deliveries: readonly NotificationDelivery[];
  stop(): void;
}

const minute = 60_000;
const hour = 60 * minute;
export const notificationRetryDelaysMs = [
  15_000, 15_000, 30_000, 3 * minute, 10 * minute, 20 * minute, 30 * minute, 30 * minute, 30 * minute,
  60 * minute, 3 * hour, 3 * hour, 3 * hour, 6 * hour, 6 * hour,
] as const;
const answerDeadlineMs = 5_000;

const eventDescriptions: Record<PayEventType, { summary: string; originalType: string }> = {
  'TRANSACTION.SUCCESS': { summary: '支付成功', originalType: 'transaction' },
  'REFUND.SUCCESS': { summary: '退款成功', originalType: 'refund' },
};

export function createPayNotifier(options: {
  platform: { publicKeyId: string; privateKeyPem: string };
  apiV3Key: string;
  timeScale: number;
}): PayNotifier {
  const deliveries: NotificationDelivery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function attempt(url: string, rawBody: string): Promise<number> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0', ...platformSignatureHeaders(rawBody, options.platform, Date.now()) },
        body: rawBody,
        signal: AbortSignal.timeout(answerDeadlineMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  async function deliver(input: Parameters<PayNotifier['deliver']>[0]): Promise<void> {
    const { summary, originalType } = eventDescriptions[input.eventType];
    const notificationId = randomUUID();
    const rawBody = JSON.stringify({
      id: notificationId,
      create_time: beijingTime(Date.now()),
      resource_type: 'encrypt-resource',
      event_type: input.eventType,
      summary,
      resource: { original_type: originalType, ...encryptResource(JSON.stringify(input.resource), options.apiV3Key, originalType) },
    });
    if (input.delayMs) await later(input.delayMs);
    for (let copy = 0; copy < (input.copies ?? 1); copy++) await deliverCopy(input, notificationId, rawBody);
  }

  async function deliverCopy(input: Parameters<PayNotifier['deliver']>[0], notificationId: string, rawBody: string): Promise<void> {
    const record = async (attemptNumber: number) => {
      const status = stopped ? 0 : await attempt(input.url, rawBody);
      const { eventType, outTradeNo, outRefundNo, url } = input;
      deliveries.push({ notificationId, eventType, outTradeNo, ...(outRefundNo ? { outRefundNo } : {}), url, attempt: attemptNumber, status, deliveredAtMs: Date.now() });
      return status >= 200 && status < 300;
    };
    if (stopped || (await record(1))) return;
    void (async () => {
      for (const [index, delayMs] of notificationRetryDelaysMs.entries()) {
        await later(delayMs * options.timeScale);
        if (stopped || (await record(index + 2))) return;
      }
    })();
  }

  return {
    deliver,
    deliveries,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** RFC 3339 in Beijing time, as WeChat Pay writes times: 2024-05-20T13:29:35+08:00. */
export function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * hour).toISOString().slice(0, 19)}+08:00`;
}
