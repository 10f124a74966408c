import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listen, readRawBody } from '../../../server/dev/simulators/httpKit';

/** A stand-in for the service's notify_url: records each callback raw and answers with scripted statuses. */
export interface CapturedCallback {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  receivedAtMs: number;
}

export async function startNotifyCapture() {
  const received: CapturedCallback[] = [];
  const scriptedStatuses: number[] = [];
  const server = createServer((req, res) => {
    void readRawBody(req).then((rawBody) => {
      received.push({ headers: req.headers, rawBody, receivedAtMs: Date.now() });
      res.writeHead(scriptedStatuses.shift() ?? 200, { 'Content-Type': 'application/json' });
      res.end('{"code":"SUCCESS"}');
    });
  });
  const url = `${await listen(server, '127.0.0.1', 0)}/api/pay/wechat/notify`;
  return {
    url,
    received,
    /** The next callbacks are answered with these statuses, then 200. */
    answerNextWith(...statuses: number[]) {
      scriptedStatuses.push(...statuses);
    },
    async waitForCount(count: number, timeoutMs = 3000): Promise<CapturedCallback[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received;
    },
    reset() {
      received.length = 0;
      scriptedStatuses.length = 0;
    },
    close: () => closeServer(server),
  };
}

export async function postJson(url: string, body: unknown = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  return (await response.json()) as T;
}
