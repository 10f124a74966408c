import { deriveFollowUpClassification } from '../../shared/followup/classification';
import type { FollowUpClassification } from '../../shared/followup/dueEngine';
import { classificationLabels } from '../../shared/followup/labels';
import { ageInYearsOn } from '../../shared/time/shanghai';

/**
 * A follow-up's 此次随访分类 as every writer stores it and every reader counts it: the doctor's own,
 * else derived from the form's values (shared/followup/classification.ts). Writers store the
 * derived value with `classificationDerived: true`; readers derive again for records stored without
 * one (pushed before the rule existed, or with values the writer could not judge), so a missing
 * classification can neither answer 500 nor pass as 控制满意.
 */
type FormData = {
  signs?: { systolicMmHg?: unknown; diastolicMmHg?: unknown } | null;
  fastingGlucoseMmolL?: unknown;
  adverseReaction?: { present?: unknown } | null;
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const knownClassification = (v: unknown): FollowUpClassification | null => (typeof v === 'string' && v in classificationLabels ? (v as FollowUpClassification) : null);

export function followUpClassificationOf(
  record: { form: string; visitedOn: string; classification?: unknown; classificationDerived?: unknown; data?: unknown },
  birthDate: string,
): { classification: FollowUpClassification | null; derived: boolean } {
  const data = (record.data ?? {}) as FormData;
  const stored = knownClassification(record.classification);
  if (stored) return { classification: stored, derived: record.classificationDerived === true };
  const derived = deriveFollowUpClassification({
    form: record.form === 'diabetes' ? 'diabetes' : 'hypertension',
    ageYears: record.visitedOn >= birthDate ? ageInYearsOn(birthDate, record.visitedOn) : 0,
    systolicMmHg: num(data.signs?.systolicMmHg),
    diastolicMmHg: num(data.signs?.diastolicMmHg),
    fastingGlucoseMmolL: num(data.fastingGlucoseMmolL),
    adverseReactionPresent: data.adverseReaction?.present === true,
  });
  return { classification: derived, derived: derived !== null };
}

/** What a writer stores: `classification` (recorded or derived) and whether it was derived. */
export function classificationToStore(body: { form: string; visitedOn: string; classification?: FollowUpClassification | null | undefined }, birthDate: string) {
  const { classification, derived } = followUpClassificationOf({ form: body.form, visitedOn: body.visitedOn, classification: body.classification, data: body }, birthDate);
  return { classification, classificationDerived: derived };
}

/** The label a screen shows: 控制不满意, or 控制不满意（按测量值判定） when derived; null when unclassified. */
export function classificationLabelOf(classification: FollowUpClassification | null, derived: boolean): string | null {
  if (!classification) return null;
  return derived ? `${classificationLabels[classification]}（按测量值判定）` : classificationLabels[classification];
}
