import { createHash } from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import type { AppDeps } from './deps';
import { errorBoundary } from './http/errorBoundary';
import { rateLimit } from './http/rateLimit';
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
  const app = new Koa({ proxy: deps.config.trustProxy });
  // Errors are answered by errorBoundary; Koa's default handler would log them a second time.
  app.silent = true;

  const router = new Router();
  const openApiDocument = buildOpenApiDocument(options.routes, { title: '居民健康存折 API', version: '1' });
  router.get('openapi', '/api/openapi.json', (ctx) => {
    ctx.body = openApiDocument;
  });
  mountRoutes(router, options.routes, deps, options.authenticate);

  app.use(requestContext(deps.logger));
  app.use(errorBoundary());
  app.use(securityHeaders({ production: deps.config.env === 'production' }));
  app.use(
    rateLimit({
      models: deps.models,
      clock: deps.clock,
      limitPerMinute: deps.config.rateLimitPerMinute,
      pathPrefix: '/api/',
      exemptPaths: ['/api/payments/wechat/notify'],
      // Per session when signed in (many residents may share a clinic's IP), else per address.
      keyOf: (ip, authorization) =>
        authorization ? `auth:${createHash('sha256').update(authorization).digest('hex').slice(0, 24)}` : `ip:${ip}`,
    }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods());
  if (deps.config.publicDir) app.use(staticFiles(deps.config.publicDir));
  return app;
}
