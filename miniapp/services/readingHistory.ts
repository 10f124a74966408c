import { readingHistoryView, type ReadingHistoryDto } from '../../shared/api/readings';
import type { ActiveProfile } from '../state/activeProfile';
import { parsed } from './apiSchema';
import { formatDateTime } from './displayTime';
import { residentRequest } from './profile';
import { bandsOf, chartToneOf, seriesOf, type HistorySeries, type TargetBand } from './readingChart';
import { atTargetTextOf, gradeTextOf, gradeTone, measureUnits, targetText, valueTextOf, type GradeTone } from './readingDisplay';
import type { ReadingMeasure } from './readingForms';
import { activeProfileOrLoad } from './readings';

/** One measure's readings over 7/30/90 days, as the trend chart and its list show them. */
export interface HistoryPointView {
  id: string;
  measuredAt: string;
  timeMs: number;
  dateText: string;
  /** Plotted values by series key, e.g. { systolicMmHg: 184, diastolicMmHg: 111 }. */
  values: Record<string, number>;
  valueText: string;
  gradeText: string | null;
  atTargetText: string | null;
  tone: GradeTone;
  /** The dot's colour on the chart, as its legend reads: 达标 green, 未达标 amber (orange when well above), 紧急 red. */
  chartTone: GradeTone;
  urgent: boolean;
  /** A relative entered it in the resident's name: the list says 家属代录. */
  enteredByFamily: boolean;
}

export interface HistoryView {
  measure: ReadingMeasure;
  days: number;
  fromMs: number;
  toMs: number;
  unit: string;
  series: HistorySeries[];
  bands: TargetBand[];
  targetText: string | null;
  /** Oldest first (the chart); the list shows them newest first. */
  points: HistoryPointView[];
}

/** `GET …/readings?measure&days` → the chart's view model. */
export function historyView(data: ReadingHistoryDto): HistoryView {
  const { measure, target } = data;
  const keys = seriesOf(measure).map((s) => s.key);
  const points = data.points.map((p): HistoryPointView => {
    const plotted: Record<string, number> = {};
    for (const key of keys) {
      const value = p.values[key];
      if (value !== undefined) plotted[key] = value;
    }
    const bmi = p.values['bmi'];
    return {
      id: p.readingId,
      measuredAt: p.measuredAt,
      timeMs: Date.parse(p.measuredAt),
      dateText: formatDateTime(p.measuredAt),
      values: plotted,
      valueText: `${valueTextOf(measure, p.values)}${measure === 'weight' && bmi !== undefined ? `（BMI ${bmi}）` : ''}`,
      gradeText: gradeTextOf(p.grade),
      atTargetText: atTargetTextOf(p.atTarget),
      tone: gradeTone(p.grade, p.urgent),
      chartTone: chartToneOf(p.atTarget, gradeTone(p.grade, p.urgent)),
      urgent: p.urgent,
      enteredByFamily: p.enteredByFamily,
    };
  });
  return {
    measure,
    days: data.days,
    fromMs: Date.parse(data.from),
    toMs: Date.parse(data.to),
    unit: measureUnits[measure],
    series: seriesOf(measure),
    bands: bandsOf(measure, target),
    targetText: targetText(measure, target),
    points,
  };
}

/** The profile's history of one measure, parsed with the schema the service answers with. */
export async function readingHistoryOf(profile: ActiveProfile, measure: ReadingMeasure, days: 7 | 30 | 90): Promise<HistoryView> {
  return historyView(await parsed(readingHistoryView, residentRequest('/readings', { query: { measure, days } }, profile)));
}

export async function loadReadingHistory(measure: ReadingMeasure, days: 7 | 30 | 90): Promise<HistoryView> {
  return readingHistoryOf(await activeProfileOrLoad(), measure, days);
}
