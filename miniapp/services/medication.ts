import { plansResponse, recordDoseResponse, todayResponse, type AdherenceView, type PlansDto, type DoseView, type PlanView } from '../../shared/api/medication';
import { planConditionLabels, skipReasonLabels, skipReasons, timeOfDayText, type SkipReason } from '../../shared/medication/labels';
import { getActiveProfile } from '../state/activeProfile';
import { parsed } from './apiSchema';
import { formatCalendarDay } from './displayTime';
import { residentRequest } from './profile';
import { recordsRoutes } from './recordsRoutes';

export const medicationRoutes = { today: recordsRoutes.medicationToday, plans: recordsRoutes.medicationPlans } as const;

/**
 * 今天要吃的药, 已服用 / 跳过, adherence and the plans, for the active profile (the resident, or a
 * family member: `view` to see, `logReadings` to confirm). Responses are parsed with the shared
 * schemas (shared/api/medication.ts); pages get view models with every code in words.
 *
 *   loadToday()              GET  /api/residents/:id/medication/today
 *   recordDose(...)          POST /api/residents/:id/medication/doses
 *   loadPlans()              GET  /api/residents/:id/medication/plans
 */

export type DoseTone = 'done' | 'skipped' | 'missed' | 'later';

export interface DoseRowView {
  doseKey: string;
  planId: string;
  time: string;
  timeText: string;
  title: string;
  stateText: string;
  tone: DoseTone;
  /** Not yet decided: 已服用 / 跳过 are offered. */
  open: boolean;
}

const stateTexts: Record<DoseView['state'], string> = { taken: '已服用', skipped: '已跳过', overdue: '到点了，还没吃', upcoming: '还没到时间' };
const tones: Record<DoseView['state'], DoseTone> = { taken: 'done', skipped: 'skipped', overdue: 'missed', upcoming: 'later' };

export function doseRowOf(d: DoseView): DoseRowView {
  const by = d.recordedBy === 'proxy' ? '（家人记录）' : '';
  const reason = d.skipReason ? `：${skipReasonLabels[d.skipReason]}` : '';
  return {
    doseKey: d.doseKey,
    planId: d.planId,
    time: d.time,
    timeText: timeOfDayText(d.time),
    title: d.doseText ? `${d.drugName} ${d.doseText}` : d.drugName,
    stateText: `${stateTexts[d.state]}${reason}${by}`,
    tone: tones[d.state],
    open: d.state === 'overdue' || d.state === 'upcoming',
  };
}

export interface AdherenceLine {
  title: string;
  percentText: string;
  detailText: string;
  poor: boolean;
}

export function adherenceLineOf(a: AdherenceView): AdherenceLine {
  const title = `近 ${a.windowDays} 天`;
  if (a.percent === null) return { title, percentText: '暂无', detailText: '按时服药满一天后开始统计', poor: false };
  return {
    title,
    percentText: `${a.percent}%`,
    detailText: `${a.daysWithDoses} 天中有 ${a.daysCovered} 天按时吃完${a.level === 'poor' ? '，依从性差' : ''}`,
    poor: a.level === 'poor',
  };
}

export interface TodayView {
  /** "12月3日 周四": the day the list is for (the page title already says 今天要吃的药). */
  dayText: string;
  doses: DoseRowView[];
  adherence: AdherenceLine[];
  poorAdherence: boolean;
  reminderTemplateId: string;
  /** The resident, or a family member with 记录读数, may confirm doses. */
  canRecord: boolean;
}

export function canRecordDoses(): boolean {
  const profile = getActiveProfile();
  return !!profile && (profile.relation === 'self' || profile.scopes.includes('logReadings'));
}

export async function loadToday(): Promise<TodayView> {
  const data = await parsed(todayResponse, residentRequest('/medication/today'));
  return {
    dayText: formatCalendarDay(data.today, { weekday: true }),
    doses: data.doses.map(doseRowOf),
    adherence: [adherenceLineOf(data.adherence.last30), adherenceLineOf(data.adherence.last90)],
    poorAdherence: data.adherence.last30.level === 'poor',
    reminderTemplateId: data.reminderTemplateId,
    canRecord: canRecordDoses(),
  };
}

export const skipReasonOptions = skipReasons.map((key) => ({ key, label: skipReasonLabels[key] }));

export async function recordDose(input: { planId: string; time: string; status: 'taken' | 'skipped'; skipReason?: SkipReason }): Promise<{ dose: DoseRowView; adherence: AdherenceLine[] }> {
  const data = await parsed(recordDoseResponse, residentRequest('/medication/doses', { method: 'POST', body: input }));
  return { dose: doseRowOf(data.dose), adherence: [adherenceLineOf(data.adherence.last30), adherenceLineOf(data.adherence.last90)] };
}

export interface PlanCardView {
  planId: string;
  title: string;
  stopped: boolean;
  lines: string[];
  tags: string[];
  editable: boolean;
  version: number;
  history: string[];
}

const timesText = (times: readonly string[]) => (times.length > 0 ? times.map(timeOfDayText).join('、') : '按医嘱服用');

export function planCardOf(p: PlanView): PlanCardView {
  const lines = [`每次 ${p.doseText ?? '按医嘱'}，${timesText(p.timesOfDay)}`, `${formatCalendarDay(p.startedOn)}开始${p.endedOn ? `，${formatCalendarDay(p.endedOn)}结束` : ''}`];
  if (p.forCondition) lines.push(`用于${planConditionLabels[p.forCondition] ?? '其他'}`);
  if (p.instructions) lines.push(p.instructions);
  if (p.longPrescription) lines.push(`长处方：每次开 ${p.longPrescription.daysSupply} 天的药，${formatCalendarDay(p.longPrescription.refillDueOn)}前需续药`);
  if (p.folateCourse) {
    lines.push(p.folateCourse.recheckedOn ? `叶酸疗程：已于${formatCalendarDay(p.folateCourse.recheckedOn)}复查同型半胱氨酸` : `叶酸疗程：${formatCalendarDay(p.folateCourse.recheckDueOn)}前复查同型半胱氨酸（抽血）`);
  }
  const tags = [...(p.programmeSubsidised ? ['项目优惠药'] : []), ...(p.folateCourse?.freeOfCharge ? ['项目免费疗程'] : []), ...(p.source === 'clinicSystem' ? ['医院开具'] : ['家庭医生开具'])];
  return {
    planId: p.planId,
    title: p.drugName,
    stopped: p.status === 'stopped',
    lines,
    tags,
    editable: p.editable,
    version: p.version,
    history: p.versions.length > 1 ? [...p.versions].reverse().map((v) => `第 ${v.version} 版（${formatCalendarDay(v.effectiveFrom)}起）：${v.status === 'stopped' ? '停药' : `${v.doseText ?? ''} ${timesText(v.timesOfDay)}`}`) : [],
  };
}

export interface PlansView {
  plans: PlanCardView[];
  adherence: AdherenceLine[];
}

export function plansViewOf(p: PlansDto): PlansView {
  return { plans: p.plans.map(planCardOf), adherence: [adherenceLineOf(p.adherence.last30), adherenceLineOf(p.adherence.last90)] };
}

export async function loadPlans(): Promise<PlansView> {
  return plansViewOf(await parsed(plansResponse, residentRequest('/medication/plans')));
}
