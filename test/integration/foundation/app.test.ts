import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import request from 'supertest';
import { startTestStack, type TestStack } from '../../helpers/stack';

describe('service skeleton', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  test('GET /healthz says the process is up', async () => {
    const res = await request(stack.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { status: 'ok' } });
  });

  test('GET /readyz pings the database', async () => {
    const res = await request(stack.url).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('ready');
  });

  test('every response carries a request id and security headers', async () => {
    const res = await request(stack.url).get('/healthz').set('X-Request-Id', 'abcdef1234');
    expect(res.headers['x-request-id']).toBe('abcdef1234');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  test('GET /api/openapi.json documents the routes as OpenAPI 3.1', async () => {
    const res = await request(stack.url).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const login = res.body.paths['/api/auth/wechat-login'].post;
    expect(login.requestBody.content['application/json'].schema.properties.code.type).toBe('string');
    expect(res.body.components.schemas.Error.properties.error.properties.code.enum).toContain('validation_failed');
  });

  // Issue 19: places where the document promised other than the server enforced.
  test('the document states what the server enforces: dates, PDF downloads, non-zero adjustments, one phone source, trimmed lengths', async () => {
    const doc = (await request(stack.url).get('/api/openapi.json')).body;
    const op = (path: string, method: string) => doc.paths[path][method];
    const param = (path: string, name: string) => op(path, 'get').parameters.find((p: { name: string }) => p.name === name).schema;
    const body = (path: string) => op(path, 'post').requestBody.content['application/json'].schema;
    expect(param('/api/residents/{residentId}/readings/export.csv', 'from')).toMatchObject({ type: 'string', format: 'date', pattern: expect.any(String) });
    expect(new RegExp(param('/api/residents/{residentId}/readings/export.csv', 'from').pattern).test('2026-02-30')).toBe(false);
    expect(Object.keys(op('/api/residents/{residentId}/readings/export.pdf', 'get').responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(op('/api/staff/residents/{residentId}/passbook/statement.pdf', 'get').responses['200'].content)).toEqual(['application/pdf']);
    expect(body('/api/admin/residents/{residentId}/points-adjustments').properties.deltaPoints).toMatchObject({ type: 'integer', not: { const: 0 }, minimum: -100_000, maximum: 100_000 });
    expect(body('/api/identity/bind').oneOf[0].oneOf).toEqual([{ required: ['phone'] }, { required: ['phoneCode'] }]);
    const licence = body('/api/admin/pharmacies').properties.licenceNumber;
    expect(licence).not.toHaveProperty('minLength');
    expect(new RegExp(licence.pattern).test('\u000b\u0017l%')).toBe(false); // 3 long once trimmed
  });

  // Issue 20: the errors every route can raise come from mountRoutes, not from hand-written lists.
  test('every operation lists the errors its kind of route can raise, and only known codes', async () => {
    const doc = (await request(stack.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[]; security: unknown[]; responses: { default: { 'x-error-codes': string[] } } }>>; components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } } };
    const known = new Set(doc.components.schemas.Error.properties.error.properties.code.enum);
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(100);
    for (const op of operations) {
      const codes = op.responses.default['x-error-codes'];
      for (const code of codes) expect(known.has(code)).toBe(true);
      expect(codes).toEqual(expect.arrayContaining(['rate_limited', 'internal_error', 'service_unavailable']));
      if (op.requestBody || (op.parameters?.length ?? 0) > 0) expect(codes).toContain('validation_failed');
      if (op.requestBody) expect(codes).toContain('body_too_large');
    }
    const signedIn = doc.paths['/api/me/profile']?.get;
    expect(signedIn?.responses.default['x-error-codes']).toEqual(expect.arrayContaining(['session_required', 'session_expired']));
  });

  test('every OpenAPI link names an operation of the document and only its parameters', async () => {
    const doc = (await request(stack.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ name: string }>; responses: Record<string, { links?: Record<string, { operationId: string; parameters: Record<string, string> }> }> }>> };
    const operations = new Map(Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => [op.operationId, op] as const)));
    const links = [...operations.values()].flatMap((op) => Object.values(op.responses).flatMap((r) => Object.values(r.links ?? {})));
    expect(links.length).toBeGreaterThanOrEqual(10);
    for (const link of links) {
      const target = operations.get(link.operationId);
      expect(target).toBeDefined();
      for (const name of Object.keys(link.parameters)) expect(target?.parameters?.map((p) => p.name)).toContain(name);
    }
  });

  test('unknown API paths answer not_found in the error envelope', async () => {
    const res = await request(stack.url).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  test.each([
    ['TRACE', '/api/admin/audit-entries'],
    ['QUERY', '/api/me/profile'],
    ['DELETE', '/api/me/sessions/..'],
    ['PATCH', '/api/auth/wechat-login'],
  ])('%s %s on a known path answers 405 with Allow, in the error envelope', async (method, path) => {
    // fetch refuses TRACE, so a plain HTTP request.
    const res = await rawRequest(`${stack.url}${path}`, method);
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.allow).toMatch(/GET|POST/);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String), details: { allowed: expect.any(Array) } } });
  });

  test('a literal path beside a parameterised one allows only its own methods', async () => {
    // `/api/me/sessions/revoke-all` also matches `/api/me/sessions/:sessionId` (DELETE); only POST is its own.
    const res = await rawRequest(`${stack.url}/api/me/sessions/revoke-all`, 'GET');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  test('OPTIONS on a known path lists its methods', async () => {
    const res = await fetch(`${stack.url}/api/auth/wechat-login`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('POST');
  });

  test('invalid input gets validation_failed with Chinese messages naming the field', async () => {
    const res = await request(stack.url).post('/api/auth/wechat-login').send({ code: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.details.issues[0].path).toBe('body.code');
    expect(res.body.error.details.issues[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('malformed JSON is a client error, not a 5xx', async () => {
    const res = await request(stack.url).post('/api/auth/wechat-login').set('content-type', 'application/json').send('{"code":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  // PostgreSQL (under the local FerretDB) cannot store U+0000 in JSON; the fuzz turned it into 500s.
  test('text holding U+0000, in a value or a key, is refused with text_contains_nul before any work', async () => {
    for (const body of [{ code: 'a\u0000b' }, { code: 'abc', extra: { 'k\u0000': 1 } }]) {
      const res = await request(stack.url).post('/api/auth/wechat-login').send(body);
      expect([res.status, res.body.error.code, res.body.error.details]).toEqual([400, 'text_contains_nul', { where: 'body' }]);
    }
  });

  test('a body over the limit is refused with body_too_large', async () => {
    const res = await request(stack.url)
      .post('/api/auth/wechat-login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ code: 'x'.repeat(stack.config.bodyLimitBytes) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  test('a non-JSON content type is refused with unsupported_media_type', async () => {
    const res = await request(stack.url).post('/api/auth/wechat-login').set('content-type', 'text/plain').send('code=1');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  test('a protected route without a session answers session_required', async () => {
    const res = await request(stack.url).get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_required');
  });
});

function rawRequest(url: string, method: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
