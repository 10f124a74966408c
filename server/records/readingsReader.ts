import type { Types } from 'mongoose';
import { addCalendarDays, periodOf, shanghaiDate, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { ReadingMeasure } from '../models/reading';
import { clinicalContextOf, type ClinicalContext, type Condition, type ResidentForContext } from './clinicalContext';
import { headlineOf, type Assessment } from './readingAssessor';

/**
 * What the resident's 记录 tab reads: history by measure for the last 7/30/90 days (points with
 * their grade, plus the target band to draw), and control status per condition for the current
 * Shanghai month ("本月血压达标 6/8 次"). Each point is judged against the target in force when it
 * was logged (stored with the reading), so changing a target does not rewrite history.
 */
export const historyPeriodsDays = [7, 30, 90] as const;

type PointDoc = { _id: Types.ObjectId; measure: string; measuredAt: Date; values: Record<string, unknown>; assessment: Assessment; urgent: boolean; source: string; enteredBy?: { actingAs?: string } };

export function currentTargetBand(measure: ReadingMeasure, context: ClinicalContext): Record<string, number | string | null> | null {
  switch (measure) {
    case 'bp':
      return { ...context.targets.bp.home, setting: 'home', basis: context.targets.bp.basis };
    case 'glucose':
      return { ...context.targets.glucose };
    case 'lipids':
      return { ldlBelowMmolL: context.targets.lipids.ldlBelowMmolL, nonHdlBelowMmolL: context.targets.lipids.nonHdlBelowMmolL, riskLevel: context.targets.lipids.riskLevel };
    case 'hcy':
      return { ...context.targets.hcy };
    case 'weight':
      return null;
  }
}

export async function readingHistoryReader(deps: AppDeps, resident: ResidentForContext, measure: ReadingMeasure, days: number) {
  const now = deps.clock.now();
  // Whole Shanghai days: "7 days" is today and the 6 before it.
  const from = toInstant(addCalendarDays(shanghaiDate(now), -(days - 1)));
  const [context, docs] = await Promise.all([
    clinicalContextOf(deps, resident),
    deps.models.Reading.find({ residentId: resident._id, measure, measuredAt: { $gte: from, $lte: now } }).sort({ measuredAt: 1 }).limit(2000).lean<PointDoc[]>(),
  ]);
  return {
    measure,
    days,
    from: from.toISOString(),
    to: now.toISOString(),
    target: currentTargetBand(measure, context),
    points: docs.map((d) => ({
      readingId: String(d._id),
      measuredAt: d.measuredAt.toISOString(),
      values: headlineOf(d.measure, d.values),
      grade: d.assessment.grade,
      atTarget: d.assessment.atTarget,
      target: d.assessment.target,
      urgent: d.urgent,
      source: d.source,
      enteredByFamily: d.enteredBy?.actingAs === 'proxy',
    })),
  };
}

/** Which home measure shows each condition's control. */
export const measureOfCondition: Record<Condition, ReadingMeasure> = {
  hypertension: 'bp',
  hyperglycemia: 'glucose',
  dyslipidemia: 'lipids',
  hyperhomocysteinemia: 'hcy',
};
const conditionLabels: Record<Condition, string> = { hypertension: '血压', hyperglycemia: '血糖', dyslipidemia: '血脂', hyperhomocysteinemia: '同型半胱氨酸' };

export interface ControlStatus {
  condition: Condition;
  measure: ReadingMeasure;
  diagnosed: boolean;
  month: string;
  readingCount: number;
  atTargetCount: number;
  text: string;
}

/** Pure: counts for one month from the points' stored judgements; readings without a judgement do not count. */
export function controlStatusOf(condition: Condition, diagnosed: boolean, month: string, points: Array<{ atTarget: boolean | null }>): ControlStatus {
  const judged = points.filter((p) => p.atTarget !== null);
  const atTargetCount = judged.filter((p) => p.atTarget === true).length;
  const label = conditionLabels[condition];
  return {
    condition,
    measure: measureOfCondition[condition],
    diagnosed,
    month,
    readingCount: judged.length,
    atTargetCount,
    text: judged.length === 0 ? `本月还没有${label}记录` : `本月${label}达标 ${atTargetCount}/${judged.length} 次`,
  };
}

/** Diagnosed conditions always; others only when there are readings for them this month. */
export async function controlStatusReader(deps: AppDeps, resident: ResidentForContext) {
  const month = periodOf(deps.clock.now(), 'month');
  const [context, docs] = await Promise.all([
    clinicalContextOf(deps, resident),
    deps.models.Reading.find({ residentId: resident._id, measuredAt: { $gte: month.startsAt, $lt: month.endsAt } }, { measure: 1, 'assessment.atTarget': 1 }).lean<Array<{ measure: string; assessment: { atTarget: boolean | null } }>>(),
  ]);
  const statuses: ControlStatus[] = [];
  for (const condition of Object.keys(measureOfCondition) as Condition[]) {
    const measure = measureOfCondition[condition];
    const points = docs.filter((d) => d.measure === measure).map((d) => ({ atTarget: d.assessment.atTarget }));
    const diagnosed = context.conditions.includes(condition);
    if (diagnosed || points.length > 0) statuses.push(controlStatusOf(condition, diagnosed, month.key, points));
  }
  return { month: month.key, hTypeHypertension: context.hTypeHypertension, statuses };
}
