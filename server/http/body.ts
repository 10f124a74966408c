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

/**
 * Refuses text holding U+0000 anywhere in a request (body, query, path; keys too). No person types
 * it, and PostgreSQL, under the local FerretDB engine, cannot store it in JSON: left through, it
 * surfaced as a 500 on every write route the API fuzz tried. Its own code, so a client sees why.
 */
export function refuseNulText(value: unknown, where: 'body' | 'query' | 'params'): void {
  if (holdsNul(value)) throw new AppError('text_contains_nul', 400, { where });
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
  return false;
}
