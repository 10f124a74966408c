import type { IncomingMessage } from 'node:http';
import { AppError } from './errors';

/**
 * Reads the request body as raw bytes with a size limit. The raw bytes are kept because payment
 * callbacks and signed integration requests are verified over exactly what was sent.
 */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw new AppError('body_too_large', 413, { limitBytes });
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limitBytes) {
      req.resume();
      throw new AppError('body_too_large', 413, { limitBytes });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new AppError('unsupported_media_type', 415, { expected: 'application/json' });
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new AppError('validation_failed', 400, { issues: [{ path: '', message: '请求内容不是有效的 JSON' }] });
  }
}
