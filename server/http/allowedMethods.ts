import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { AppError } from './errors';

/**
 * A known path asked with a method it does not have — TRACE, QUERY or any other, implemented
 * anywhere or not — answers 405 with `Allow`, in the API's error shape; OPTIONS answers 204 with
 * `Allow`. Unknown paths stay 404.
 */
export function allowedMethods(router: Router): Middleware {
  return async function allowedMethodsMiddleware(ctx, next) {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    const layers = router.match(ctx.path, ctx.method).path;
    // `/api/me/sessions/revoke-all` is its own path, not a session id: the exact path decides.
    const exact = layers.filter((layer) => layer.paramNames.length === 0);
    const allowed = [...new Set((exact.length > 0 ? exact : layers).flatMap((layer) => layer.methods))];
    if (allowed.length === 0) return;
    ctx.set('Allow', allowed.join(', '));
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    throw new AppError('method_not_allowed', 405, { allowed });
  };
}
