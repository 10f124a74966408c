import request from 'supertest';
import { PdfFontMissingError, renderPdf } from '../../../server/pdf/pdfDocument';
import { createAccount, createBoundResident, createProxyLink, newClientReadingId } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The readings PDF export (`GET /api/residents/:residentId/readings/export.pdf`): a real PDF with
 * the CJK font, the same authorization as the CSV export, the same range validation.
 */
describe('readings PDF export', () => {
  let stack: TestStack;
  let resident: Awaited<ReturnType<typeof createBoundResident>>;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    resident = await createBoundResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1', name: '王建国' });
    const log = (body: Record<string, unknown>) =>
      request(stack.url).post(`/api/residents/${resident.resident.residentId}/readings`).set('Authorization', `Bearer ${resident.account.token}`).send(body);
    const now = new Date().toISOString();
    expect((await log({ measure: 'bp', clientReadingId: newClientReadingId(), measuredAt: now, readings: [{ systolicMmHg: 185, diastolicMmHg: 112 }, { systolicMmHg: 183, diastolicMmHg: 110 }], timeOfDay: 'morning' })).status).toBe(201);
    expect((await log({ measure: 'glucose', clientReadingId: newClientReadingId(), measuredAt: now, timing: 'fasting', glucoseMmolL: 6.4 })).status).toBe(201);
  });
  afterAll(() => stack.stop());

  const pdf = (token: string | null, query = '') => {
    const req = request(stack.url)
      .get(`/api/residents/${resident.resident.residentId}/readings/export.pdf${query}`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  test('the resident gets a PDF: content type, attachment name with their name, %PDF header, > 1 KB', async () => {
    const res = await pdf(resident.account.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('健康自测记录_王建国_')}`);
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1024);
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    // The embedded font is a subset of the CJK face, not a fallback.
    expect(bytes.toString('latin1')).toContain('NotoSansCJK');
    // The ID number never leaves the service.
    expect(bytes.toString('latin1')).not.toContain(resident.resident.idNumber);
  });

  test('same authorization as the CSV export: a proxy with view may, others may not', async () => {
    const proxy = await createAccount(stack, {});
    await createProxyLink(stack, { residentId: resident.resident.residentId, proxyAccountId: proxy.accountId, scopes: ['view'] });
    expect((await pdf(proxy.token)).status).toBe(200);

    const stranger = await createAccount(stack, {});
    const refused = await pdf(stranger.token);
    expect(refused.status).toBe(403);
    expect(JSON.parse((refused.body as Buffer).toString('utf8')).error.code).toBe('access_denied');

    const otherDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-west', teamId: 'team-west-1' } });
    expect((await pdf(otherDoctor.token)).status).toBe(403);
    const teamDoctor = await createAccount(stack, { roles: ['doctor'], staff: { institutionId: 'inst-east', teamId: 'team-east-1' } });
    expect((await pdf(teamDoctor.token)).status).toBe(200);

    expect((await pdf(null)).status).toBe(401);
  });

  test('a date range in the wrong order is refused like the CSV export', async () => {
    const res = await pdf(resident.account.token, '?from=2026-03-10&to=2026-03-01');
    expect(res.status).toBe(400);
    expect(JSON.parse((res.body as Buffer).toString('utf8')).error.code).toBe('date_range_invalid');
  });

  test('an empty range still gives a (short) PDF', async () => {
    const res = await pdf(resident.account.token, '?from=2001-01-01&to=2001-01-31');
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('a missing font fails with a clear error naming the path and the fix', async () => {
    await expect(renderPdf({ title: 't', draw: () => undefined, font: { path: '/nonexistent/font.ttc', name: 'X' } })).rejects.toThrow(PdfFontMissingError);
    await expect(renderPdf({ title: 't', draw: () => undefined, font: { path: '/nonexistent/font.ttc', name: 'X' } })).rejects.toThrow(/\/nonexistent\/font\.ttc.*fonts-noto-cjk.*PDF_FONT_PATH/);
  });
});
