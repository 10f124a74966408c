import { Types } from 'mongoose';
import { addCalendarDays, addCalendarMonths, shanghaiDate, startOfShanghaiMonth, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { recordImporter } from '../integration/recordImporter';
import type { AnyRecord } from '../integration/recordSchemas';
import { integrationClientIssuer } from '../integration/signature';
import { decryptField } from '../privacy/fieldCrypto';
import { clinicalContextOf } from './clinicalContext';
import { assessedReadingFields, readingPayloadHash } from './readingLogger';
import { assessReading } from './readingAssessor';
import type { ReadingBody } from '../../shared/api/readings';

/**
 * Demo health records for the demo residents (server/dev/seed.ts): an integration client for the
 * demo institution (its key is printed), archives, diagnoses, contracts with team phones, three
 * months of follow-ups, and about three months of home readings. Idempotent: records go through
 * the integration importer (re-runs are `unchanged`), readings are upserts by a fixed client id.
 */
export const demoIntegrationClientId = 'cis-demo-east';
const demoEntryAccountId = new Types.ObjectId('000000000000000000000d01');

interface DemoResident {
  name: string;
  idNumber: string;
  phone: string | null;
  institutionId: string;
  teamId: string;
}

export async function seedDemoHealthRecords(deps: AppDeps, residents: readonly DemoResident[]) {
  const existing = await deps.models.IntegrationClient.findOne({ clientId: demoIntegrationClientId }).lean();
  const client = existing
    ? { clientId: existing.clientId, institutionId: existing.institutionId, key: decryptField(deps.config.crypto, 'integrationKey', existing.keyEncrypted) }
    : await integrationClientIssuer(deps, { clientId: demoIntegrationClientId, institutionId: 'inst-demo-east', name: '演示机构信息系统' });
  const actor: IntegrationActor = { kind: 'integration', clientId: client.clientId, institutionId: client.institutionId };

  const today = shanghaiDate(deps.clock.now());
  const monthStart = shanghaiDate(startOfShanghaiMonth(deps.clock.now()));
  const teamPhones = { 'team-demo-1': '010-65001001', 'team-demo-2': '010-65001002' } as Record<string, string>;

  for (const [index, demo] of residents.entries()) {
    if (demo.institutionId !== client.institutionId) continue;
    const ref = `DEMO-A${index + 1}`;
    const records: AnyRecord[] = [
      { type: 'archive', sourceId: ref, body: { name: demo.name, idNumber: demo.idNumber, phone: demo.phone, teamId: demo.teamId, heightCm: 160 + index * 5, status: 'active' } },
      { type: 'diagnosis', sourceId: `${ref}-D1`, body: { residentSourceId: ref, condition: 'hypertension', diagnosedOn: '2018-04-10', status: 'active' } },
      ...(index === 1 ? [{ type: 'diagnosis' as const, sourceId: `${ref}-D2`, body: { residentSourceId: ref, condition: 'hyperglycemia' as const, diagnosedOn: '2021-09-01', status: 'active' as const } }] : []),
      {
        type: 'contract',
        sourceId: `${ref}-C1`,
        body: {
          residentSourceId: ref,
          team: {
            teamId: demo.teamId,
            name: demo.teamId === 'team-demo-1' ? '东城家庭医生一队' : '东城家庭医生二队',
            phone: teamPhones[demo.teamId] ?? null,
            members: [
              { role: 'generalPractitioner', name: '李医生', phone: '010-65001011' },
              { role: 'publicHealthDoctor', name: '赵医生', phone: '010-65001012' },
              { role: 'healthAssistant', name: '孙协管员', phone: null },
            ],
          },
          packageName: '高血压个性化签约服务包',
          packageItems: ['每季度面对面随访', '每月电话随访', '免费同型半胱氨酸检测'],
          startsOn: `${today.slice(0, 4)}-01-01`,
          endsOn: `${today.slice(0, 4)}-12-31`,
          status: 'active',
        },
      },
      { type: 'labResult', sourceId: `${ref}-L1`, body: { residentSourceId: ref, measuredAt: `${today.slice(0, 4)}-01-08T09:00:00+08:00`, values: { hcyUmolL: 11 + index * 3, ldlCholesterolMmolL: 3.1, fastingGlucoseMmolL: index === 1 ? 7.4 : 5.6 } } },
      ...[3, 2, 1].map((monthsAgo, k): AnyRecord => ({
        type: 'followUp',
        sourceId: `${ref}-F-${addCalendarMonths(monthStart, -monthsAgo).slice(0, 7)}`,
        body: {
          residentSourceId: ref,
          form: 'hypertension',
          visitedOn: addCalendarDays(addCalendarMonths(monthStart, -monthsAgo), 4),
          mode: k === 0 ? 'clinic' : 'phone',
          outcome: 'visited',
          symptoms: [],
          signs: { systolicMmHg: 146 - k * 4, diastolicMmHg: 90 - k * 2, heartRateBpm: 74 },
          lifestyle: { saltIntake: { now: 'moderate', target: 'light' } },
          medicationAdherence: 'regular',
          adverseReaction: { present: false },
          classification: k === 2 ? 'satisfied' : 'unsatisfied',
          medications: [{ drugName: '氨氯地平片', timesPerDay: 1, doseMgPerTime: 5 }],
          doctorName: '李医生',
          advice: '低盐饮食，每天早晚各测一次血压',
        },
      })),
      { type: 'medicationPlan', sourceId: `${ref}-M1`, body: { residentSourceId: ref, drugName: '氨氯地平片', forCondition: 'hypertension', timesPerDay: 1, doseMgPerTime: 5, startedOn: '2025-11-01', status: 'active' } },
    ];
    for (const record of records) await recordImporter(deps, actor, record);

    if (index > 1) continue;
    const resident = await deps.models.Resident.findOne({ institutionId: client.institutionId, name: demo.name }).lean();
    if (!resident) continue;
    const context = await clinicalContextOf(deps, resident);
    for (let daysAgo = 90; daysAgo >= 1; daysAgo -= 2) {
      const day = addCalendarDays(today, -daysAgo);
      const wobble = (daysAgo * 7 + index * 13) % 17;
      const bodies: ReadingBody[] = [
        {
          measure: 'bp',
          clientReadingId: `demo-${index}-${day}-bp`,
          measuredAt: new Date(toInstant(day).getTime() + 7.5 * 3_600_000).toISOString(),
          source: 'device',
          timeOfDay: 'morning',
          arm: 'left',
          readings: [
            { systolicMmHg: 128 + wobble, diastolicMmHg: 78 + (wobble % 9), heartRateBpm: 70 + (wobble % 6) },
            { systolicMmHg: 126 + wobble, diastolicMmHg: 77 + (wobble % 9), heartRateBpm: 69 + (wobble % 6) },
          ],
        },
        ...(index === 1 && daysAgo % 6 === 0
          ? [{ measure: 'glucose' as const, clientReadingId: `demo-${index}-${day}-glucose`, measuredAt: new Date(toInstant(day).getTime() + 7 * 3_600_000).toISOString(), source: 'manual' as const, timing: 'fasting' as const, glucoseMmolL: 5.8 + (wobble % 8) / 5 }]
          : []),
      ];
      for (const body of bodies) {
        const assessed = assessReading(body, context, deps.clock.now());
        if (!assessed.ok) continue;
        await deps.models.Reading.updateOne(
          { residentId: resident._id, clientReadingId: body.clientReadingId },
          {
            $setOnInsert: {
              ...assessedReadingFields(resident._id, body, assessed),
              enteredBy: { accountId: demoEntryAccountId, actingAs: 'resident', proxyLinkId: null },
              payloadHash: readingPayloadHash(body),
              createdAt: deps.clock.now(),
            },
          },
          { upsert: true },
        );
      }
    }
  }
  return { clientId: client.clientId, institutionId: client.institutionId, key: client.key };
}
