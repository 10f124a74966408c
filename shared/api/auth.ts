import { z } from 'zod';

/**
 * Sign-in API shapes: the auth routes (server/routes/auth.ts) validate their answers with these,
 * the mini-program's sign-in (miniapp/services/auth.ts) parses the same responses with them.
 */

/** A new session from WeChat login; the token is what every later request carries. */
export const wechatLoginView = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime(),
  account: z.object({ id: z.string(), roles: z.array(z.string()) }),
});
export type WechatLoginDto = z.infer<typeof wechatLoginView>;

/** The signed-in account (`GET /api/me`). */
export const meView = z.object({ accountId: z.string(), roles: z.array(z.string()) });
