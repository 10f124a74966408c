import { z } from 'zod';
import { ApiError } from './apiError';

/**
 * Responses checked against the very schemas the service answers with (shared/api/*.ts): a
 * response of another shape is `unexpected_response`, never a half-read page. zod compiles no code
 * at run time here (WeChat forbids `new Function`; the H5 build's CSP does too).
 */
z.config({ jitless: true });

export async function parsed<S extends z.ZodType>(schema: S, pending: Promise<unknown>): Promise<z.output<S>> {
  return parsedNow(schema, await pending);
}

/** The same check for a response already in hand (a view adapter handed `unknown`). */
export function parsedNow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError({ code: 'unexpected_response', status: 200 });
  return result.data;
}
