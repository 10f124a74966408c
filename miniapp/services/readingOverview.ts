import { controlStatusView, type ControlStatusDto } from '../../shared/api/readings';
import { parsed } from './apiSchema';
import { residentRequest } from './profile';
import type { GradeTone } from './readingDisplay';
import { measureLabels, type ReadingMeasure } from './readingForms';
import { readingHistoryOf, type HistoryView } from './readingHistory';
import { activeProfileOrLoad } from './readings';

/** Readings at a glance (首页, the 记录 tab, the entry screens): this month's control, the latest values. */
export interface ControlStatusView {
  measure: ReadingMeasure;
  /** "本月血压达标 6/8 次" */
  text: string;
  diagnosed: boolean;
  tone: GradeTone;
}

export function controlStatusViews(data: ControlStatusDto): ControlStatusView[] {
  return data.statuses.map((s) => ({
    measure: s.measure,
    text: s.text,
    diagnosed: s.diagnosed,
    tone: s.readingCount === 0 ? 'none' : s.atTargetCount === s.readingCount ? 'good' : s.atTargetCount * 2 >= s.readingCount ? 'watch' : 'high',
  }));
}

export async function loadControlStatus(): Promise<ControlStatusView[]> {
  const profile = await activeProfileOrLoad();
  return controlStatusViews(await parsed(controlStatusView, residentRequest('/control-status', {}, profile)));
}

export interface LatestReadingView {
  measure: ReadingMeasure;
  label: string;
  valueText: string;
  dateText: string;
  gradeText: string | null;
  tone: GradeTone;
  /** Plotted values of the latest point (suggestions on the entry screens). */
  values: Record<string, number>;
}

export function latestOf(view: HistoryView): LatestReadingView | null {
  const last = view.points[view.points.length - 1];
  if (!last) return null;
  return { measure: view.measure, label: measureLabels[view.measure], valueText: `${last.valueText} ${view.unit}`, dateText: last.dateText, gradeText: last.gradeText, tone: last.tone, values: last.values };
}

/** The latest reading of each measure in the last 90 days (首页 最近读数, the 记录 tab). */
export async function loadLatestReadings(measures: readonly ReadingMeasure[] = ['bp', 'glucose', 'weight']): Promise<LatestReadingView[]> {
  const profile = await activeProfileOrLoad();
  const views = await Promise.all(measures.map((measure) => readingHistoryOf(profile, measure, 90)));
  return views.map(latestOf).filter((v): v is LatestReadingView => v !== null);
}

/** The last values of one measure, to suggest on its entry screen; null when none or offline. */
export async function loadLastReading(measure: ReadingMeasure): Promise<LatestReadingView | null> {
  try {
    const [latest] = await loadLatestReadings([measure]);
    return latest ?? null;
  } catch {
    return null;
  }
}
