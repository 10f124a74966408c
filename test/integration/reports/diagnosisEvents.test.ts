import request from 'supertest';
import { ManualClock } from '../../../server/clock';
import { signedHeaders } from '../../../server/integration/signature';
import { refreshReportAggregates } from '../../../server/reports/aggregates';
import { createIntegrationClient, fakeIdNumber } from '../../helpers/factories';
import { startTestStack, type TestStack } from '../../helpers/stack';

/**
 * A diagnosis pushed or corrected by a clinic system is a domain event the reports consume: the
 * resident's summaries for every year since the diagnosis are recomputed, not left stale until some
 * other event happens to touch the resident.
 */
describe('diagnoses reach the report aggregates', () => {
  let stack: TestStack;
  let client: { clientId: string; key: string };
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    stack = await startTestStack({ clock, env: { LOG_LEVEL: 'error' } });
    client = await createIntegrationClient(stack, { institutionId: 'inst-east' });
  });
  afterAll(() => stack.stop());

  const put = (path: string, body: unknown) => {
    const text = JSON.stringify(body);
    return request(stack.url).put(path).set(signedHeaders(client, { method: 'PUT', path, body: text, now: clock.now() })).set('Content-Type', 'application/json').send(text);
  };

  test('a new diagnosis recomputes each year since; a correction recomputes again', async () => {
    const archive = await put('/api/integration/archives/DX-A1', { name: '周秀英', idNumber: fakeIdNumber({ birth: '19580310' }), teamId: 'team-east-1' });
    expect(archive.status).toBe(200);
    const residentId = archive.body.data.residentId as string;
    const diagnosis = { residentSourceId: 'DX-A1', condition: 'hypertension', diagnosedOn: '2025-04-02', diagnosisText: '原发性高血压' };
    expect((await put('/api/integration/diagnoses/DX-A1-HTN', diagnosis)).body.data.result).toBe('created');

    await refreshReportAggregates(stack.service.deps);
    const years = async () => stack.service.deps.models.ReportResidentYear.find({ residentId }, { year: 1, diagnoses: 1 }).sort({ year: 1 }).lean();
    const first = await years();
    expect(first.map((doc) => doc.year)).toEqual([2025, 2026]);
    for (const doc of first) expect(doc.diagnoses).toEqual([expect.objectContaining({ condition: 'hypertension', status: 'active' })]);

    // Re-sending the same content is no new event; a correction is.
    expect((await put('/api/integration/diagnoses/DX-A1-HTN', diagnosis)).body.data.result).toBe('unchanged');
    clock.advanceMs(60 * 60_000);
    expect((await put('/api/integration/diagnoses/DX-A1-HTN', { ...diagnosis, status: 'excluded' })).body.data.result).toBe('updated');
    await refreshReportAggregates(stack.service.deps);
    for (const doc of await years()) expect(doc.diagnoses).toEqual([expect.objectContaining({ condition: 'hypertension', status: 'excluded' })]);
    expect(await stack.service.deps.models.DomainEvent.countDocuments({ residentId, type: 'diagnosisRecorded' })).toBe(2);
  });
});
