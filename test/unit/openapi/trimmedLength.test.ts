import fc from 'fast-check';
import { z } from 'zod';
import { buildOpenApiDocument, trimmedLengthPattern } from '../../../server/openapi/document';
import { defineRoute } from '../../../server/http/route';

/**
 * The document states a trimmed string's length as a pattern over the raw string (issue 19: a
 * schema-valid "\v\u0017l%" was 4 long, refused as 3 once trimmed). The pattern must accept exactly
 * what zod accepts.
 */
describe('trimmed string lengths in the OpenAPI document', () => {
  const whitespaceHeavy = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\v', '\u00a0', '\u3000', '\ufeff', 'a', '中', '-', '\u0017'), maxLength: 12 });

  test.each([
    [0, 5],
    [1, 5],
    [2, 2],
    [4, 8],
    [1, undefined],
  ])('min %s, max %s: the pattern accepts a string exactly when zod does', (min, max) => {
    const schema = max === undefined ? z.string().trim().min(min) : z.string().trim().min(min).max(max);
    const pattern = new RegExp(trimmedLengthPattern(min, max));
    fc.assert(fc.property(whitespaceHeavy, (value) => pattern.test(value) === schema.safeParse(value).success), { numRuns: 2000 });
  });

  test('the document carries the pattern instead of the lengths', () => {
    const route = defineRoute({
      operationId: 'test.trimmed',
      method: 'post',
      path: '/api/test',
      summary: 'test',
      tags: ['test'],
      auth: 'public',
      body: z.object({ note: z.string().trim().min(4).max(64) }),
      response: z.object({}),
      handler: async () => ({}),
    });
    const document = buildOpenApiDocument([route], { title: 't', version: '1' }) as { paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    const note = document.paths['/api/test']!.post!.requestBody.content['application/json']!.schema.properties.note;
    expect(note).toEqual({ type: 'string', pattern: trimmedLengthPattern(4, 64) });
  });

  test('a trimmed string with a pattern of its own cannot be documented and says so', () => {
    const route = defineRoute({
      operationId: 'test.trimmedPattern',
      method: 'post',
      path: '/api/test',
      summary: 'test',
      tags: ['test'],
      auth: 'public',
      body: z.object({ code: z.string().trim().regex(/^[0-9]+$/) }),
      response: z.object({}),
      handler: async () => ({}),
    });
    expect(() => buildOpenApiDocument([route], { title: 't', version: '1' })).toThrow(/drop the trim/);
  });
});
