/**
 * Small request/response shapes the API schemas of several domains share (shared/api/*.ts). The
 * service validates with them and documents them in /api/openapi.json; the mini-program parses the
 * same responses with them.
 */
import { z } from 'zod';

export const clientRequestId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64位字母、数字、- 或 _')
  .describe('客户端生成的请求编号（如 UUID）；重试时保持不变，服务端据此去重');

/** Free text a person types: trimmed, non-empty, at most `max` characters. */
export const requiredText = (max: number) => z.string().trim().min(1, '请填写').max(max, `最多 ${max} 个字`);
export const optionalText = (max: number) => z.string().trim().max(max, `最多 ${max} 个字`).optional();

export const sexValue = z.enum(['male', 'female']);
