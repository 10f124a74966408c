import type { Types } from 'mongoose';
import { dueKindLabels } from '../../shared/followup/labels';
import type { AppDeps } from '../deps';
import { presentResidentProfile } from '../identity/residentArchive';
import { readingMeasures } from '../models/reading';
import type { ResidentDoc } from '../models/resident';
import { presentAlert } from '../records/alertDesk';
import { headlineOf, type Assessment } from '../records/readingAssessor';
import { recordsReader } from '../records/recordsReader';

/**
 * One resident as the doctor's detail screen shows them, composed from the existing readers so it
 * can never disagree with the 档案, the due list or the alert desk: the profile with identifiers
 * masked (server/identity), the records reader's conditions, contract, due items, lab results and
 * follow-ups (server/records/recordsReader.ts), the latest reading of each measure, and the alerts
 * not yet closed. Full identifiers and the phone number stay behind their own audited routes.
 */
export const SUMMARY_RECENT = 5;

type ReadingDoc = { _id: Types.ObjectId; measure: string; measuredAt: Date; values: Record<string, unknown>; assessment: Assessment; urgent: boolean; source: string };

export async function residentSummaryReader(deps: AppDeps, resident: ResidentDoc & { _id: Types.ObjectId }) {
  const [records, latest, alerts] = await Promise.all([
    recordsReader(deps, resident),
    Promise.all(readingMeasures.map((measure) => deps.models.Reading.findOne({ residentId: resident._id, measure }).sort({ measuredAt: -1 }).lean<ReadingDoc>())),
    deps.models.Alert.find({ residentId: resident._id, state: { $in: ['open', 'acknowledged'] } }).sort({ raisedAt: 1 }).limit(50).lean(),
  ]);
  return {
    resident: presentResidentProfile(deps, resident, 'staff'),
    conditions: records.conditions,
    hTypeHypertension: records.hTypeHypertension,
    targets: records.targets,
    contract: records.contract,
    due: records.due.map((d) => ({ key: d.key, kind: d.kind, kindLabel: dueKindLabels[d.kind], dueBy: d.dueBy, status: d.status, reason: d.reason, referralFlag: d.referralFlag === true })),
    lastReadings: latest
      .filter((r): r is ReadingDoc => r !== null)
      .map((r) => ({
        measure: r.measure,
        readingId: String(r._id),
        measuredAt: r.measuredAt.toISOString(),
        values: headlineOf(r.measure, r.values),
        grade: r.assessment.grade,
        atTarget: r.assessment.atTarget,
        urgent: r.urgent,
        source: r.source,
      })),
    lastLabResults: records.labResults.slice(0, SUMMARY_RECENT),
    openAlerts: alerts.map((a) => presentAlert(a, resident.name)),
    lastFollowUps: records.followUps.slice(0, SUMMARY_RECENT).map((f) => ({
      followUpId: f.followUpId,
      visitedOn: f.visitedOn,
      form: f.form,
      mode: f.mode,
      outcome: f.outcome,
      classification: f.classification,
      classificationDerived: f.classificationDerived,
      classificationLabel: f.classificationLabel,
      systolicMmHg: typeof f.signs.systolicMmHg === 'number' ? f.signs.systolicMmHg : null,
      diastolicMmHg: typeof f.signs.diastolicMmHg === 'number' ? f.signs.diastolicMmHg : null,
      nextVisitOn: f.nextVisitOn,
      doctorName: f.doctorName,
    })),
  };
}
