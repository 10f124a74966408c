import { z } from 'zod';
import { errorMessages } from '../../shared/errors';
import type { AnyRoute } from '../http/route';

/**
 * Builds the OpenAPI 3.1 document from the route declarations. OpenAPI 3.1 schemas are JSON
 * Schema 2020-12, which is what zod emits, so request and response schemas go in unchanged.
 */
export function buildOpenApiDocument(routes: AnyRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters = [
      ...objectParameters(route.params, 'path'),
      ...objectParameters(route.query, 'query'),
    ];
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      security: route.auth === 'public' ? [] : [{ [route.auth === 'session' ? 'session' : 'integrationHmac']: [] }],
      parameters: parameters.length > 0 ? parameters : undefined,
      responses: {
        ...(route.statusOf && route.successStatus !== 200 ? { '200': { description: 'A replay of an earlier identical request: the same result, nothing new written', content: { 'application/json': { schema: { type: 'object', properties: { data: toSchema(route.response, 'output') }, required: ['data'] } } } } } : {}),
        [String(route.successStatus ?? 200)]: route.responseKind === 'file'
          ? { description: 'A file download (Content-Disposition: attachment)', content: { 'text/csv': { schema: { type: 'string' } } } }
          : {
              description: 'OK',
              content: { 'application/json': { schema: { type: 'object', properties: { data: toSchema(route.response, 'output') }, required: ['data'] } } },
            },
        default: {
          description: `错误。可能的 code：${(route.errors ?? []).join(', ') || 'validation_failed, internal_error'}`,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { [route.bodyKind === 'raw' ? 'application/x-ndjson' : 'application/json']: { schema: toSchema(route.body, 'input') } },
      };
    }
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: '登录后获得的会话令牌' },
        integrationHmac: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Signature',
          description:
            'HMAC-SHA256 with the integration client key. Headers: X-Client-Id, X-Timestamp (Unix seconds, within ±300 s), X-Nonce (16–64 of [A-Za-z0-9_-], never reused), ' +
            'X-Signature = lower-case hex HMAC-SHA256(key, METHOD + "\\n" + PATH_WITH_QUERY + "\\n" + X-Timestamp + "\\n" + X-Nonce + "\\n" + lower-case hex SHA-256(raw body)).',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string', enum: Object.keys(errorMessages) }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
