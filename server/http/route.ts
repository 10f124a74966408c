import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { ErrorCode } from '../../shared/errors';
import type { AppDeps } from '../deps';
import { parseJsonBody, readRawBody, refuseNulText } from './body';
import { AppError, unauthorized } from './errors';
import type { Actor } from './actor';
import type { RequestRateLimit } from './rateLimit';

/**
 * One route = one declaration: how it authenticates, what it accepts (zod), what it returns (zod)
 * and one handler. The same declarations build the router and /api/openapi.json, so the document
 * cannot drift from what is enforced.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type AuthMode = 'public' | 'session' | 'integration';
type Schema = z.ZodType;
type Infer<S> = S extends Schema ? z.output<S> : undefined;

export interface ApiState {
  requestId: string;
  actor?: Actor;
  rawBody?: Buffer;
}
export type ApiContext = Context & { state: ApiState };

export interface HandlerInput<B, Q, P> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  ctx: ApiContext;
  deps: AppDeps;
}

export interface RouteSpec<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined, R extends Schema> {
  operationId: string;
  method: HttpMethod;
  /** Koa-style path under the app root, e.g. `/api/readings/:readingId`. */
  path: string;
  summary: string;
  tags: string[];
  auth: AuthMode;
  body?: B;
  /** `json` (default) parses the body; `raw` leaves the bytes in `ctx.state.rawBody` (signed callbacks, NDJSON). */
  bodyKind?: 'json' | 'raw';
  bodyLimitBytes?: number;
  query?: Q;
  params?: P;
  response: R;
  /**
   * `json` (default) answers `{ data }`; `file` answers the handler's `{ filename, contentType,
   * content }` as a download (CSV exports), with the response schema still checking the result.
   */
  responseKind?: 'json' | 'file';
  /** The media type of a `file` response, for the document (default text/csv). */
  fileType?: 'text/csv' | 'application/pdf';
  successStatus?: 200 | 201 | 202;
  /**
   * Picks the success status from the presented result, for idempotent creations: 201 when the
   * request created something, 200 when it replayed an earlier one (both documented).
   */
  statusOf?(result: z.output<R>): 200 | 201 | 202;
  /**
   * OpenAPI links from the success response to the operations that act on what it returned (read,
   * update), with runtime expressions such as `$response.body#/data/checkoutId`; a fuzzer's stateful
   * phase follows them to chain create → read → update.
   */
  links?: Record<string, { operationId: string; parameters: Record<string, string> }>;
  /** Error codes this route can answer with, for the OpenAPI document. */
  errors?: ErrorCode[];
  handler(input: HandlerInput<B, Q, P>): Promise<z.input<R>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of routes
export type AnyRoute = RouteSpec<any, any, any, any>;

/**
 * Every code a route can answer with: its own (`errors`) and those `mountRoutes` raises for every
 * route of its kind — so the document cannot forget `validation_failed` on a route with a body.
 */
export function errorsOf(route: AnyRoute): ErrorCode[] {
  const hasBody = route.method !== 'get' && route.method !== 'delete';
  const codes: ErrorCode[] = [
    ...(route.body || route.query || route.params ? (['validation_failed', 'text_contains_nul'] as const) : []),
    ...(hasBody ? (['body_too_large', ...(route.bodyKind === 'raw' ? [] : (['unsupported_media_type'] as const))] as const) : []),
    ...(route.auth === 'session' ? (['session_required', 'session_expired'] as const) : []),
    ...(route.errors ?? []),
    'rate_limited',
    'internal_error',
    'service_unavailable',
  ];
  return [...new Set(codes)];
}

export function defineRoute<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined, R extends Schema = Schema>(
  spec: RouteSpec<B, Q, P, R>,
): RouteSpec<B, Q, P, R> {
  return spec;
}

/**
 * `session`: the actor of a valid bearer token, undefined without one, throws for a bad one.
 * `integration`: verifies the signed request, reading its body (up to `bodyLimitBytes`) only once
 * the headers have passed, and leaves the bytes in `ctx.state.rawBody`.
 */
export type Authenticator = (ctx: ApiContext, mode: Exclude<AuthMode, 'public'>, options: { bodyLimitBytes: number }) => Promise<Actor | undefined>;

export interface RouteGuards {
  authenticate: Authenticator;
  rateLimit: RequestRateLimit;
}

export function mountRoutes(router: Router, routes: AnyRoute[], deps: AppDeps, guards: RouteGuards): void {
  for (const route of routes) {
    router[route.method](route.operationId, route.path, async function routeHandler(ctx) {
      const api = ctx as ApiContext;
      const hasBody = route.method !== 'get' && route.method !== 'delete';
      const bodyLimitBytes = route.bodyLimitBytes ?? deps.config.bodyLimitBytes;
      if (route.auth === 'session') api.state.actor = await sessionActor(api, guards);
      else {
        // Before any other work: nothing but a verified session earns a budget of its own.
        await guards.rateLimit.byClientAddress(ctx);
        if (route.auth === 'integration') api.state.actor = await guards.authenticate(api, 'integration', { bodyLimitBytes });
      }
      let body: unknown;
      if (hasBody) {
        const raw = api.state.rawBody ?? (await readRawBody(ctx.req, bodyLimitBytes));
        api.state.rawBody = raw;
        if (route.bodyKind !== 'raw') body = parseJsonBody(raw, ctx.get('content-type') || undefined);
      }
      refuseNulText(body, 'body');
      refuseNulText(ctx.query, 'query');
      refuseNulText(ctx.params, 'params');
      const input = {
        body: parse(route.body, body, 'body'),
        query: parse(route.query, ctx.query, 'query'),
        params: parse(route.params, ctx.params, 'params'),
        ctx: api,
        deps,
      };
      const result = await route.handler(input);
      // Parsing the result strips anything a presenter forgot to leave out: minimum necessary data.
      ctx.status = route.successStatus ?? 200;
      if (route.responseKind !== 'file' && route.statusOf) {
        const data: unknown = route.response.parse(result);
        ctx.status = route.statusOf(data);
        ctx.body = { data };
        return;
      }
      if (route.responseKind === 'file') {
        const file = route.response.parse(result) as { filename: string; contentType: string; content: string | Buffer };
        ctx.set('Content-Type', file.contentType);
        ctx.set('Content-Disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = file.content;
        return;
      }
      ctx.body = { data: route.response.parse(result) };
    });
  }
}

/** The session's actor, counted against its account; a missing or bad token is counted against the address, then refused. */
async function sessionActor(ctx: ApiContext, guards: RouteGuards): Promise<Actor> {
  let actor: Actor | undefined;
  try {
    actor = await guards.authenticate(ctx, 'session', { bodyLimitBytes: 0 });
  } catch (err) {
    await guards.rateLimit.byClientAddress(ctx);
    throw err;
  }
  if (actor?.kind !== 'account') {
    await guards.rateLimit.byClientAddress(ctx);
    throw unauthorized();
  }
  await guards.rateLimit.byAccount(ctx, actor.accountId);
  return actor;
}

function parse(schema: Schema | undefined, value: unknown, where: 'body' | 'query' | 'params'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('validation_failed', 400, {
      issues: result.error.issues.map((issue) => ({
        path: [where, ...issue.path.map(String)].join('.'),
        code: issue.code,
        message: issue.message,
      })),
    });
  }
  return result.data;
}
