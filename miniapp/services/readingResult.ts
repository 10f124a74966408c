import type { PointsPreviewDto } from '../../shared/api/passbook';
import type { ReadingLoggedDto } from '../../shared/api/readings';
import { isWarningCoveredByUrgency, urgentPlanOf } from '../../shared/clinical/urgentPlan';
import { atTargetTextOf, gradeTextOf, gradeTone, measureUnits, num, targetText, valueTextOf, type GradeTone } from './readingDisplay';
import { glucoseTimingLabels, measureLabels, type ReadingMeasure } from './readingForms';

/** The result card after saving a reading: the value judged, urgent advice, the points it earns. */
export interface ReadingResultView {
  measure: ReadingMeasure;
  /** "184/111 mmHg" */
  valueText: string;
  gradeText: string | null;
  tone: GradeTone;
  atTargetText: string | null;
  targetText: string | null;
  urgent: boolean;
  /** Urgent only: "血压很高（3级），需要立即处理", what to do now and when to call 120. */
  urgentPlan: UrgentPlanView | null;
  /** The service raised an alert for the doctor team. */
  teamNotified: boolean;
  warnings: string[];
  duplicate: boolean;
  /** "+2 积分" at once; "积分稍后到账" when an earlier entry is still being credited; null: none. */
  pointsText: string | null;
}

/** What the saved reading earns, in words (the caps come from the shared points rules). */
export function pointsTextOf(preview: PointsPreviewDto | null, measure: ReadingMeasure): string | null {
  if (!preview) return null;
  if (!preview.certain) return '积分稍后到账';
  if (preview.points > 0) return `+${preview.points} 积分`;
  switch (preview.reason) {
    case 'capped_by_daily_limit':
      return `今天记录${measureLabels[measure]}的积分已经得过了，明天再记还有`;
    case 'capped_by_monthly_limit':
      return '本月记录读数的积分已到上限，下个月再记还有';
    case 'capped_by_yearly_limit':
    case 'capped_by_yearly_limit_for_event_type':
      return '今年的积分已到上限';
    default:
      return null;
  }
}

export interface UrgentPlanView {
  headline: string;
  steps: string[];
  call120Symptoms: string[];
}

/** The plan for an urgent value's reason codes (the same rules on the phone as on the service). */
export function urgentPlanView(reasons: readonly string[]): UrgentPlanView | null {
  const plan = urgentPlanOf(reasons);
  return plan ? { headline: plan.headline, steps: plan.steps, call120Symptoms: plan.call120Symptoms } : null;
}

/** The service's answer to `POST …/readings` → what the result card shows. */
export function readingResultView(data: ReadingLoggedDto): ReadingResultView {
  const { measure, values, assessment } = data.reading;
  const { grade, urgent, urgentReasons } = assessment;
  const timing = typeof values['timing'] === 'string' ? glucoseTimingLabels[values['timing'] as keyof typeof glucoseTimingLabels] : undefined;
  const bmi = num(values['bmi']);
  const extra = measure === 'glucose' && timing ? `（${timing}）` : measure === 'weight' && bmi !== null ? `，BMI ${bmi}` : '';
  return {
    measure,
    valueText: `${valueTextOf(measure, values)} ${measureUnits[measure]}${extra}`,
    gradeText: gradeTextOf(grade),
    tone: gradeTone(grade, urgent),
    atTargetText: atTargetTextOf(assessment.atTarget),
    targetText: targetText(measure, assessment.target),
    urgent,
    urgentPlan: urgent ? urgentPlanView(urgentReasons) : null,
    teamNotified: data.alert !== null,
    // An urgent value's own "请确认读数" is replaced by its plan: nothing left to confirm.
    warnings: assessment.warnings.flatMap((w) => (isWarningCoveredByUrgency(w.code, urgentReasons) ? [] : [w.message])),
    duplicate: data.duplicate,
    pointsText: pointsTextOf(data.points, measure),
  };
}
