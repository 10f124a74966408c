import { z } from 'zod';
import { errorMessages } from '../../shared/errors';
import { errorsOf, type AnyRoute } from '../http/route';

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
    const links = route.links;
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      security: route.auth === 'public' ? [] : [{ [route.auth === 'session' ? 'session' : 'integrationHmac']: [] }],
      parameters: parameters.length > 0 ? parameters : undefined,
      responses: {
        ...(route.statusOf && route.successStatus !== 200 ? { '200': { description: 'A replay of an earlier identical request: the same result, nothing new written', content: { 'application/json': { schema: { type: 'object', properties: { data: toSchema(route.response, 'output') }, required: ['data'] } } }, ...(links ? { links } : {}) } } : {}),
        [String(route.successStatus ?? 200)]: route.responseKind === 'file'
          ? { description: 'A file download (Content-Disposition: attachment)', content: { [route.fileType ?? 'text/csv']: { schema: route.fileType === 'application/pdf' ? { type: 'string', format: 'binary' } : { type: 'string' } } } }
          : {
              description: 'OK',
              content: { 'application/json': { schema: { type: 'object', properties: { data: toSchema(route.response, 'output') }, required: ['data'] } } },
              ...(links ? { links } : {}),
            },
        default: {
          description: `错误。可能的 code：${errorsOf(route).join(', ')}`,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          'x-error-codes': errorsOf(route),
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
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: (ctx) => documentTrimmedLength(ctx.zodSchema, ctx.jsonSchema) }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * A string the server trims before checking its length (`z.string().trim().min(a).max(b)`): the
 * lengths apply to what is left, so the document states them as a pattern over the whole string
 * (`"  ab "` is 2 long once trimmed). JavaScript's `\s` is exactly the set `trim()` removes.
 */
function documentTrimmedLength(schema: z.core.$ZodType, json: z.core.JSONSchema.BaseSchema): void {
  const def = schema._zod.def as { type: string; checks?: Array<{ _zod: { def: { check: string; tx?: (value: string) => string } } }> };
  const trims = def.type === 'string' && (def.checks ?? []).some((c) => c._zod.def.check === 'overwrite' && c._zod.def.tx?.(' x ') === 'x');
  if (!trims) return;
  // A pattern over the trimmed value cannot be restated over the raw one here: such a field must not trim.
  if (json.pattern !== undefined) throw new Error(`a trimmed string cannot also have a pattern (${String(json.pattern)}): drop the trim`);
  const min = typeof json.minLength === 'number' ? json.minLength : 0;
  const max = typeof json.maxLength === 'number' ? json.maxLength : undefined;
  delete json.minLength;
  delete json.maxLength;
  json.pattern = trimmedLengthPattern(min, max);
}

export function trimmedLengthPattern(min: number, max: number | undefined): string {
  const fits = (length: number) => length >= min && (max === undefined || length <= max);
  const longer = max === undefined ? `{${Math.max(min, 2) - 2},}` : `{${Math.max(min, 2) - 2},${max - 2}}`;
  const trimmed = [fits(0) ? '' : undefined, fits(1) ? '\\S' : undefined, max === undefined || max >= 2 ? `\\S[\\s\\S]${longer}\\S` : undefined].filter((p) => p !== undefined);
  return `^\\s*(?:${trimmed.join('|')})\\s*$`;
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
