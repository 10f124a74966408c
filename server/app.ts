import Router from '@koa/router';
import Koa from 'koa';
import type { AppDeps } from './deps';
import { allowedMethods } from './http/allowedMethods';
import { errorBoundary } from './http/errorBoundary';
import { requestRateLimit } from './http/rateLimit';
import { requestContext } from './http/requestContext';
import { mountRoutes, type AnyRoute, type Authenticator } from './http/route';
import { securityHeaders } from './http/securityHeaders';
import { staticFiles } from './http/staticFiles';
import { buildOpenApiDocument } from './openapi/document';

export interface AppOptions {
  routes: AnyRoute[];
  authenticate: Authenticator;
}

/**
 * Builds the Koa application without listening, so tests drive it with supertest and the
 * entry points decide ports and lifecycles.
 */
export function createApp(deps: AppDeps, options: AppOptions): Koa {
  // X-Forwarded-For is believed for exactly as many proxies as the operator says stand in front.
  const app = new Koa({ proxy: deps.config.trustProxyHops > 0, maxIpsCount: deps.config.trustProxyHops });
  // Errors are answered by errorBoundary; Koa's default handler would log them a second time.
  app.silent = true;

  const rateLimit = requestRateLimit(deps, {
    limitPerMinute: deps.config.rateLimitPerMinute,
    // Signed provider callbacks must be acknowledged, or WeChat Pay retries them for a day.
    exemptPaths: ['/api/payments/wechat/notify'],
  });
  const router = new Router();
  const openApiDocument = buildOpenApiDocument(options.routes, { title: '居民健康存折 API', version: '1' });
  router.get('openapi', '/api/openapi.json', async (ctx) => {
    await rateLimit.byClientAddress(ctx);
    ctx.body = openApiDocument;
  });
  mountRoutes(router, options.routes, deps, { authenticate: options.authenticate, rateLimit });

  app.use(requestContext(deps.logger));
  app.use(errorBoundary());
  app.use(securityHeaders({ production: deps.config.env === 'production' }));
  app.use(router.routes());
  app.use(allowedMethods(router));
  // Reached only when no route matched: unknown API paths count against the address too.
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) await rateLimit.byClientAddress(ctx);
    await next();
  });
  if (deps.config.publicDir) app.use(staticFiles(deps.config.publicDir));
  return app;
}
