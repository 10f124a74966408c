import type { Types } from 'mongoose';
import { placeLabels, type VisitPlace } from '../../shared/followup/labels';
import type { AppDeps } from '../deps';
import { classificationLabelOf, followUpClassificationOf } from './classification';

/**
 * A resident's follow-up history (the last 100 visits, newest first) as the resident sees it: the
 * mode, the classification (recorded, or derived from the visit's readings) and the doctor's advice.
 */
export async function followUpHistoryReader(deps: AppDeps, resident: { _id: Types.ObjectId; birthDate: string }) {
  const records = await deps.models.FollowUpRecord.find({ residentId: resident._id }).sort({ visitedOn: -1, importedAt: -1, _id: -1 }).limit(100).lean();
  return records.map((r) => {
    const data = (r.data ?? {}) as Record<string, unknown>;
    const signs = (data.signs ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    const { classification, derived } = followUpClassificationOf(r, resident.birthDate);
    return {
      followUpId: String(r._id),
      visitedOn: r.visitedOn,
      form: r.form,
      mode: r.mode,
      modeLabel: placeLabels[r.mode as VisitPlace] ?? r.mode,
      outcome: str(data.outcome) ?? 'visited',
      classification,
      classificationDerived: derived,
      classificationLabel: classificationLabelOf(classification, derived),
      systolicMmHg: num(signs.systolicMmHg),
      diastolicMmHg: num(signs.diastolicMmHg),
      advice: str(data.advice),
      medicationAdjustment: str(data.medicationAdjustment),
      nextVisitOn: str(data.nextVisitOn),
      doctorName: str(data.doctorName),
      referral: Boolean(data.referral),
    };
  });
}
