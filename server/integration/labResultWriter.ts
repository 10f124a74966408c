import { checkPlausibility, clinicalReasonMessages, type MeasurementInput } from '../../shared/clinical';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import { domainEventAppender } from '../records/domainEvents';
import type { RecordBody } from './recordSchemas';
import { pushOrigin, residentOf } from './pushedRecord';
import { outcome, rejected, upsertSourceRecord, type RecordOrigin, type ResidentRef, type StoredSource } from './sourceRecords';

/**
 * Screenings and lab results: their values' plausibility, the measures a screening covers and the
 * writer shared with the clinic desk, which emits the screening and Hcy events. Kept together and
 * apart from the other kinds because the clinic desk uses exactly these pieces.
 */

export async function importLabResult(deps: AppDeps, actor: IntegrationActor, kind: 'screening' | 'labResult', sourceId: string, body: RecordBody<'labResult'>) {
  const resident = await residentOf(deps, actor, body.residentSourceId);
  const { residentSourceId: _ref, ...fields } = body;
  const { result, doc } = await labResultWriter(deps, pushOrigin(deps, actor, kind, sourceId, body), resident, kind, fields);
  return outcome(result, doc);
}

export type LabResultFields = Omit<RecordBody<'labResult'>, 'residentSourceId'>;
type LabValues = LabResultFields['values'];

/**
 * The shared plausibility ranges applied to a screening's or lab result's values (each glucose
 * value on its own against the glucose range), with the Chinese message of each problem.
 */
export function labValueIssues(values: LabValues, measuredAt: Date, now: Date): Array<{ field: string; code: string; message: string }> {
  const v = values;
  const checks: MeasurementInput[] = [
    ...[v.fastingGlucoseMmolL, v.postprandial2hGlucoseMmolL, v.randomGlucoseMmolL].filter((g): g is number => g !== undefined).map((glucoseMmolL) => ({ glucoseMmolL })),
    {
      systolicMmHg: v.systolicMmHg,
      diastolicMmHg: v.diastolicMmHg,
      heartRateBpm: v.heartRateBpm,
      hba1cPercent: v.hba1cPercent,
      totalCholesterolMmolL: v.totalCholesterolMmolL,
      triglyceridesMmolL: v.triglyceridesMmolL,
      ldlCholesterolMmolL: v.ldlCholesterolMmolL,
      hdlCholesterolMmolL: v.hdlCholesterolMmolL,
      hcyUmolL: v.hcyUmolL,
      waistCm: v.waistCm,
      weightKg: v.weightKg,
      egfrMlPerMin: v.egfrMlPerMin,
      uacrMgPerG: v.uacrMgPerG,
      measuredAt,
    },
  ];
  const issues: Array<{ field: string; code: string; message: string }> = [];
  for (const input of checks) {
    const check = checkPlausibility(input, now);
    if (!check.ok) issues.push(...check.errors.map((e) => ({ field: e.field, code: e.code, message: clinicalReasonMessages[e.code] })));
  }
  return issues;
}

/** The screening measures a lab result's values cover (BP; glucose incl. HbA1c; lipids). */
export function screeningMeasuresOf(v: LabValues): Array<'bp' | 'glucose' | 'lipids'> {
  return [
    ...(v.systolicMmHg !== undefined ? (['bp'] as const) : []),
    ...([v.fastingGlucoseMmolL, v.postprandial2hGlucoseMmolL, v.randomGlucoseMmolL, v.hba1cPercent].some((x) => x !== undefined) ? (['glucose'] as const) : []),
    ...([v.totalCholesterolMmolL, v.triglyceridesMmolL, v.ldlCholesterolMmolL, v.hdlCholesterolMmolL].some((x) => x !== undefined) ? (['lipids'] as const) : []),
  ];
}

/**
 * One screening or lab result under its source key (values checked against the shared ranges
 * first: `record_implausible`, nothing written), then its domain events: `screeningRecorded` with
 * the measures covered (a screening only; one points event per measure) and `hcyTestRecorded` when
 * it carries an Hcy value (an Hcy ≥ 10 with diagnosed hypertension makes the resident H-type from
 * the next read on: server/records/clinicalContext.ts reads the latest Hcy).
 */
export async function labResultWriter(deps: AppDeps, origin: RecordOrigin, resident: ResidentRef, kind: 'screening' | 'labResult', fields: LabResultFields & { [extra: string]: unknown }) {
  const v = fields.values;
  const measuredAt = new Date(fields.measuredAt);
  const issues = labValueIssues(v, measuredAt, deps.clock.now());
  if (issues.length > 0) throw rejected('record_implausible', { issues });
  const { result, doc } = await upsertSourceRecord(
    deps,
    deps.models.LabResult,
    { institutionId: origin.institutionId, sourceType: kind, sourceId: origin.sourceId },
    resident._id,
    origin.contentHash,
    { kind, measuredAt, data: fields },
    origin.onChangedContent,
  );
  const stored = doc as StoredSource & { kind: 'screening' | 'labResult'; measuredAt: Date; data: LabResultFields & { labName?: string } };
  const storedValues = stored.data.values;
  if (kind === 'screening') {
    const measures = screeningMeasuresOf(storedValues);
    if (measures.length > 0) {
      await domainEventAppender(deps, {
        eventId: `screening:${origin.institutionId}:${origin.sourceId}`,
        type: 'screeningRecorded',
        residentId: resident._id,
        occurredAt: stored.measuredAt,
        payload: { labResultId: String(stored._id), measures },
      });
    }
  }
  if (storedValues.hcyUmolL !== undefined) {
    await domainEventAppender(deps, {
      eventId: `hcyTest:${origin.institutionId}:${kind}:${origin.sourceId}`,
      type: 'hcyTestRecorded',
      residentId: resident._id,
      occurredAt: stored.measuredAt,
      payload: { labResultId: String(stored._id), hcyUmolL: storedValues.hcyUmolL },
    });
  }
  return { result, doc: stored };
}
