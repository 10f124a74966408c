import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { purgeExpiredNonces, signedHeaders } from '../../../server/integration/signature';
import { createIntegrationClient, createResident, fakeIdNumber } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * The integration API end to end: HMAC signatures (every way a request can fail), idempotent
 * upserts by the source system's ids, institution boundaries, and the NDJSON batch import with
 * bad records mixed in.
 */
type Client = { clientId: string; key: string };

describe('integration API', () => {
  let stack: TestStack;
  let east: Client;
  let west: Client;
  beforeAll(async () => {
    stack = await startTestStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    east = await createIntegrationClient(stack, { institutionId: 'inst-east' });
    west = await createIntegrationClient(stack, { institutionId: 'inst-west' });
  });
  afterAll(() => stack.stop());

  const put = (client: Client, path: string, body: unknown, options: { now?: Date; nonce?: string; signBody?: string } = {}) => {
    const text = JSON.stringify(body);
    const headers = signedHeaders(client, { method: 'PUT', path, body: options.signBody ?? text, now: options.now, nonce: options.nonce });
    return request(stack.url).put(path).set(headers).set('Content-Type', 'application/json').send(text);
  };
  const importBatch = (client: Client, lines: unknown[]) => {
    const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
    const headers = signedHeaders(client, { method: 'POST', path: '/api/integration/import', body: text });
    return request(stack.url).post('/api/integration/import').set(headers).set('Content-Type', 'application/x-ndjson').send(text);
  };
  const archive = (overrides: Record<string, unknown> = {}) => ({ name: '王建国', idNumber: fakeIdNumber(), phone: '13800001234', teamId: 'team-east-1', heightCm: 170, ...overrides });

  describe('signatures', () => {
    const path = '/api/integration/archives/SIG-1';
    const body = { name: '王建国', idNumber: '110101195503120013' };

    test('missing headers → integration_signature_missing', async () => {
      const res = await request(stack.url).put(path).send(body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('integration_signature_missing');
    });

    test('signed with another key → integration_signature_invalid', async () => {
      const res = await put({ clientId: east.clientId, key: 'not-the-key' }, path, body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('integration_signature_invalid');
    });

    test('body changed after signing → integration_signature_invalid', async () => {
      const res = await put(east, path, body, { signBody: JSON.stringify({ ...body, name: '李四海' }) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('integration_signature_invalid');
    });

    test('path changed after signing → integration_signature_invalid', async () => {
      const headers = signedHeaders(east, { method: 'PUT', path: '/api/integration/archives/OTHER', body: JSON.stringify(body) });
      const res = await request(stack.url).put(path).set(headers).set('Content-Type', 'application/json').send(JSON.stringify(body));
      expect(res.body.error.code).toBe('integration_signature_invalid');
    });

    test.each([
      ['301 s old', -301_000],
      ['301 s ahead', 301_000],
    ])('timestamp %s → integration_timestamp_stale', async (_label, offsetMs) => {
      const res = await put(east, path, body, { now: new Date(Date.now() + offsetMs) });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('integration_timestamp_stale');
    });

    test('a replayed request (same nonce) is refused; the first one was applied', async () => {
      const text = JSON.stringify(archive());
      const headers = signedHeaders(east, { method: 'PUT', path: '/api/integration/archives/REPLAY-1', body: text });
      const first = await request(stack.url).put('/api/integration/archives/REPLAY-1').set(headers).set('Content-Type', 'application/json').send(text);
      expect(first.status).toBe(200);
      const replay = await request(stack.url).put('/api/integration/archives/REPLAY-1').set(headers).set('Content-Type', 'application/json').send(text);
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('integration_nonce_replayed');
    });

    test('unknown client → integration_client_unknown; inactive client → integration_client_inactive', async () => {
      const unknown = await put({ clientId: 'cis-nobody', key: 'k' }, path, body);
      expect(unknown.body.error.code).toBe('integration_client_unknown');
      const inactive = await createIntegrationClient(stack, { institutionId: 'inst-east', active: false });
      const res = await put(inactive, path, body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('integration_client_inactive');
    });

    // Issue 19: an unsigned 20 MB body used to be read into memory before the signature was looked at.
    test('an unsigned request is refused without reading its body', async () => {
      const res = await sendWithoutBody(`${stack.url}/api/integration/import`, { 'Content-Type': 'application/x-ndjson', 'Content-Length': String(19_000_000) });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('integration_signature_missing');
    });

    test('a declared body hash with a wrong signature is refused without reading the body', async () => {
      const headers = signedHeaders({ clientId: east.clientId, key: 'not-the-key' }, { method: 'POST', path: '/api/integration/import', body: 'x'.repeat(100) });
      const res = await sendWithoutBody(`${stack.url}/api/integration/import`, { ...headers, 'Content-Type': 'application/x-ndjson', 'Content-Length': String(19_000_000) });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('integration_signature_invalid');
    });

    test('without a declared body hash, bodies above the ordinary limit are refused; with it they are verified and read', async () => {
      // Four lines padded with JSON whitespace: ≈ 1.2 MB, over BODY_LIMIT_BYTES (1 MB).
      const line = `${JSON.stringify({ type: 'diagnosis', sourceId: 'BIG-1', residentSourceId: 'NOBODY', condition: 'hypertension', diagnosedOn: '2020-01-01' })}${' '.repeat(300_000)}`;
      const text = Array.from({ length: 4 }, () => line).join('\n');
      const { 'X-Content-SHA256': _declared, ...undeclared } = signedHeaders(east, { method: 'POST', path: '/api/integration/import', body: text });
      const refused = await request(stack.url).post('/api/integration/import').set(undeclared).set('Content-Type', 'application/x-ndjson').send(text);
      expect(refused.status).toBe(413);
      expect(refused.body.error.code).toBe('body_too_large');
      const accepted = await importBatch(east, text.split('\n'));
      expect(accepted.status).toBe(200);
      expect(accepted.body.data.total).toBe(4);
    });

    test('a body that does not hash to the declared value is refused', async () => {
      const text = JSON.stringify(archive());
      const headers = signedHeaders(east, { method: 'PUT', path, body: text });
      const res = await request(stack.url).put(path).set(headers).set('Content-Type', 'application/json').send(text.replace('王建国', '李四海'));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('integration_signature_invalid');
    });

    test('nonces are purged once their timestamp is out of the window', async () => {
      const deps = stack.service.deps;
      await deps.models.IntegrationNonce.create({ clientId: east.clientId, nonce: 'expired-nonce-0001', expiresAt: new Date(Date.now() - 1000) });
      expect(await purgeExpiredNonces(deps)).toBeGreaterThanOrEqual(1);
      expect(await deps.models.IntegrationNonce.countDocuments({ nonce: 'expired-nonce-0001' })).toBe(0);
    });
  });

  describe('single-record upserts', () => {
    test('archive: created → unchanged on re-push → updated on change; identifiers only encrypted', async () => {
      const body = archive();
      const created = await put(east, '/api/integration/archives/A-100', body);
      expect(created.status).toBe(200);
      expect(created.body.data).toMatchObject({ result: 'created', type: 'archive', sourceId: 'A-100' });
      const again = await put(east, '/api/integration/archives/A-100', body);
      expect(again.body.data).toMatchObject({ result: 'unchanged', recordId: created.body.data.recordId, residentId: created.body.data.residentId });
      const changed = await put(east, '/api/integration/archives/A-100', { ...body, phone: '13800005678' });
      expect(changed.body.data.result).toBe('updated');

      const raw = await stack.service.deps.connection.collection('residents').findOne({ _id: new (await import('mongoose')).Types.ObjectId(created.body.data.residentId) });
      const json = JSON.stringify(raw);
      expect(json).not.toContain(body.idNumber);
      expect(json).not.toContain('13800005678');
      expect(raw).toMatchObject({ name: '王建国', institutionId: 'inst-east', teamId: 'team-east-1', heightCm: 170 });
    });

    test('the ID number of an archive id cannot change', async () => {
      await put(east, '/api/integration/archives/A-101', archive());
      const res = await put(east, '/api/integration/archives/A-101', archive());
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('archive_id_number_cannot_change');
    });

    test("another institution's resident: its archive cannot be taken over, its archive ids are unknown", async () => {
      const eastResident = await createResident(stack, { institutionId: 'inst-east', teamId: 'team-east-1' });
      const takeover = await put(west, '/api/integration/archives/W-1', archive({ idNumber: eastResident.idNumber, name: '冒名者' }));
      expect(takeover.status).toBe(422);
      expect(takeover.body.error.code).toBe('archive_belongs_to_another_institution');
      const stored = await stack.service.deps.models.Resident.findById(eastResident.residentId).lean();
      expect(stored?.name).toBe(eastResident.name);

      await put(east, '/api/integration/archives/A-102', archive());
      const diagnosis = await put(west, '/api/integration/diagnoses/D-1', { residentSourceId: 'A-102', condition: 'hypertension', diagnosedOn: '2020-01-01' });
      expect(diagnosis.status).toBe(422);
      expect(diagnosis.body.error.code).toBe('archive_not_found');
    });

    // Issue 19: a new archive id for a known ID number merged into the archive and overwrote it.
    test('a second archive id for a person already pushed under another id is refused and changes nothing', async () => {
      const idNumber = fakeIdNumber();
      const targets = { bpOffice: { systolicBelowMmHg: 130, diastolicBelowMmHg: 80 } };
      const first = await put(east, '/api/integration/archives/A-200', archive({ idNumber, heightCm: 170, clinicalTargets: targets }));
      expect(first.body.data.result).toBe('created');
      const second = await put(east, '/api/integration/archives/A-201', archive({ idNumber, heightCm: 120, clinicalTargets: { bpOffice: { systolicBelowMmHg: 200, diastolicBelowMmHg: 120 } }, teamId: 'team-east-9' }));
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({ code: 'archive_linked_to_another_source', details: { sourceId: 'A-200' } });
      const stored = await stack.service.deps.models.Resident.findById(first.body.data.residentId).lean();
      expect(stored).toMatchObject({ heightCm: 170, teamId: 'team-east-1', clinicalTargets: { bpOffice: targets.bpOffice } });
      expect(await stack.service.deps.models.ArchiveSource.countDocuments({ sourceId: 'A-201' })).toBe(0);
      // Two new ids for one new person at once: one wins, the other is refused.
      const racedId = fakeIdNumber();
      const raced = await Promise.all(['A-210', 'A-211'].map((id) => put(east, `/api/integration/archives/${id}`, archive({ idNumber: racedId }))));
      expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    test('an archive made at the clinic without an archive id is linked by the first push: its values kept, its blanks filled', async () => {
      const local = await createResident(stack, { institutionId: 'inst-east', teamId: 'team-east-2', name: '钱七喜' });
      const res = await put(east, '/api/integration/archives/A-220', archive({ idNumber: local.idNumber, name: '钱七喜', teamId: 'team-east-1', heightCm: 165 }));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ result: 'created', residentId: local.residentId });
      const stored = await stack.service.deps.models.Resident.findById(local.residentId).lean();
      expect(stored).toMatchObject({ teamId: 'team-east-2', heightCm: 165 });
    });

    test.each([
      ['null', null],
      ['a control character', 'team\u0007east'],
      ['a space', 'team east'],
    ])('teamId with %s is refused', async (_label, teamId) => {
      const res = await put(east, '/api/integration/archives/A-230', archive({ teamId }));
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe('body.teamId');
    });

    test('an update without teamId keeps the team', async () => {
      const body = archive({ teamId: 'team-east-3' });
      const created = await put(east, '/api/integration/archives/A-240', body);
      const { teamId: _omitted, ...withoutTeam } = body;
      expect((await put(east, '/api/integration/archives/A-240', { ...withoutTeam, heightCm: 171 })).body.data.result).toBe('updated');
      expect((await stack.service.deps.models.Resident.findById(created.body.data.residentId).lean())?.teamId).toBe('team-east-3');
    });

    test('implausible clinic values are rejected with the shared reason codes', async () => {
      await put(east, '/api/integration/archives/A-103', archive());
      const res = await put(east, '/api/integration/lab-results/L-BAD', { residentSourceId: 'A-103', measuredAt: '2026-01-02T08:00:00+08:00', values: { hcyUmolL: 900 } });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('record_implausible');
      expect(res.body.error.details.issues[0]).toMatchObject({ field: 'hcyUmolL', code: 'hcy_out_of_range' });
    });

    test('an active contract puts the resident in its team and records a domain event once', async () => {
      const { teamId: _none, ...withoutTeam } = archive();
      const a = await put(east, '/api/integration/archives/A-104', withoutTeam);
      const contract = {
        residentSourceId: 'A-104',
        team: { teamId: 'team-east-2', name: '东城二队', phone: '010-65000002', members: [{ role: 'generalPractitioner', name: '李医生', phone: '010-65000012' }] },
        packageName: '基础包',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'active',
      };
      expect((await put(east, '/api/integration/contracts/C-104', contract)).body.data.result).toBe('created');
      expect((await put(east, '/api/integration/contracts/C-104', contract)).body.data.result).toBe('unchanged');
      const resident = await stack.service.deps.models.Resident.findById(a.body.data.residentId).lean();
      expect(resident?.teamId).toBe('team-east-2');
      expect(await stack.service.deps.models.DomainEvent.countDocuments({ eventId: `contract:inst-east:C-104` })).toBe(1);
    });
  });

  describe('batch import', () => {
    const batch = () => {
      const idNumber = fakeIdNumber();
      return [
        { type: 'archive', sourceId: 'B-1', ...archive({ idNumber }) },
        { type: 'diagnosis', sourceId: 'BD-1', residentSourceId: 'B-1', condition: 'hypertension', diagnosedOn: '2019-05-12' },
        'this is not json',
        { type: 'diagnosis', sourceId: 'BD-2', residentSourceId: 'B-404', condition: 'hyperglycemia', diagnosedOn: '2020-01-01' },
        { type: 'screening', sourceId: 'BS-1', residentSourceId: 'B-1', measuredAt: '2026-02-01T09:00:00+08:00', values: { systolicMmHg: 150, diastolicMmHg: 95, fastingGlucoseMmolL: 6.5 } },
        { type: 'labResult', sourceId: 'BL-1', residentSourceId: 'B-1', measuredAt: '2026-02-01T09:00:00+08:00', values: { hcyUmolL: 18.5 } },
        { type: 'labResult', sourceId: 'BL-2', residentSourceId: 'B-1', measuredAt: '2026-02-01T09:00:00+08:00', values: { systolicMmHg: 80, diastolicMmHg: 120 } },
        { type: 'teleportation', sourceId: 'X-1' },
        { type: 'followUp', sourceId: 'BF-1', residentSourceId: 'B-1', form: 'hypertension', visitedOn: '2026-02-05', mode: 'phone', classification: 'unsatisfied', advice: '低盐饮食' },
        { type: 'medicationPlan', sourceId: 'BM-1', residentSourceId: 'B-1', drugName: '氨氯地平片', timesPerDay: 1, doseMgPerTime: 5, startedOn: '2025-11-01', status: 'active' },
        { type: 'intervention', sourceId: 'BI-1', residentSourceId: 'B-1', kind: 'methylfolateCourse', name: '5-甲基四氢叶酸', startedOn: '2026-02-05', recheckOn: '2026-05-05', status: 'active' },
        { type: 'diagnosis', sourceId: 'BD-3', residentSourceId: 'B-1', condition: 'hypertension' },
      ];
    };

    test('bad records are reported with line numbers and codes; good ones are applied; a re-push changes nothing', async () => {
      const lines = batch();
      const first = await importBatch(east, lines);
      expect(first.status).toBe(200);
      const byLine = (body: { data: { results: Array<{ line: number; result: string; error?: { code: string } }> } }) =>
        body.data.results.map((r) => [r.line, r.result, r.error?.code ?? null]);
      expect(byLine(first.body)).toEqual([
        [1, 'created', null],
        [2, 'created', null],
        [3, 'rejected', 'import_line_not_json'],
        [4, 'rejected', 'archive_not_found'],
        [5, 'created', null],
        [6, 'created', null],
        [7, 'rejected', 'record_implausible'],
        [8, 'rejected', 'import_record_type_unknown'],
        [9, 'created', null],
        [10, 'created', null],
        [11, 'created', null],
        [12, 'rejected', 'validation_failed'],
      ]);
      expect(first.body.data.summary).toEqual({ created: 7, updated: 0, unchanged: 0, rejected: 5 });

      const deps = stack.service.deps;
      const residentId = first.body.data.results[0].residentId;
      expect(await deps.models.Diagnosis.countDocuments({ residentId })).toBe(1);
      expect(await deps.models.LabResult.countDocuments({ residentId })).toBe(2);
      const events = await deps.models.DomainEvent.find({ residentId }).lean();
      expect(events.map((e) => e.type).sort()).toEqual(['diagnosisRecorded', 'followUpRecorded', 'hcyTestRecorded', 'screeningRecorded']);

      const again = await importBatch(east, lines);
      expect(again.body.data.summary).toEqual({ created: 0, updated: 0, unchanged: 7, rejected: 5 });
      expect(await deps.models.DomainEvent.countDocuments({ residentId })).toBe(4);
      expect(await deps.models.LabResult.countDocuments({ residentId })).toBe(2);

      // A corrected record in a later batch is an update, applied in place.
      const corrected = lines.map((l) => (typeof l === 'object' && l.sourceId === 'BF-1' ? { ...l, classification: 'satisfied' } : l));
      const third = await importBatch(east, corrected);
      expect(third.body.data.summary).toEqual({ created: 0, updated: 1, unchanged: 6, rejected: 5 });
      const followUp = await deps.models.FollowUpRecord.findOne({ institutionId: 'inst-east', sourceId: 'BF-1' }).lean();
      expect(followUp?.classification).toBe('satisfied');
    });

    test('more than 10,000 records → import_too_many_records, nothing applied', async () => {
      const lines = Array.from({ length: 10_001 }, (_, i) => ({ type: 'diagnosis', sourceId: `N-${i}` }));
      const res = await importBatch(east, lines);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('import_too_many_records');
      expect(await stack.service.deps.models.Diagnosis.countDocuments({ sourceId: 'N-0' })).toBe(0);
    });

    test('the body must be NDJSON', async () => {
      const text = JSON.stringify([{ type: 'archive' }]);
      const headers = signedHeaders(east, { method: 'POST', path: '/api/integration/import', body: text });
      const res = await request(stack.url).post('/api/integration/import').set(headers).set('Content-Type', 'application/json').send(text);
      expect(res.status).toBe(415);
    });

    test('the OpenAPI document describes every integration endpoint with examples', async () => {
      const res = await request(stack.url).get('/api/openapi.json');
      const paths = res.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { examples?: unknown[] } }> } }>>;
      for (const segment of ['archives', 'diagnoses', 'contracts', 'screenings', 'lab-results', 'follow-ups', 'medication-plans', 'interventions']) {
        const operation = paths[`/api/integration/${segment}/{sourceId}`]?.put;
        expect(operation?.requestBody?.content['application/json']?.schema.examples?.length).toBeGreaterThan(0);
      }
      expect(paths['/api/integration/import']?.post?.requestBody?.content['application/x-ndjson']?.schema.examples?.length).toBeGreaterThan(0);
    });
  });
});

/** Sends headers announcing a body and never sends it: only a server that answers before reading the body answers at all. */
function sendWithoutBody(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
    setTimeout(() => reject(new Error('no answer within 5 s: the server waited for the body')), 5000).unref();
  });
}
