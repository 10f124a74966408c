import { plansResponse, staffPlanResponse, type PlanView } from '../../shared/api/medication';
import { timeOfDayText } from '../../shared/medication/labels';
import { parsed } from './apiSchema';
import { apiRequest } from './http';
import { adherenceLineOf, planCardOf, type AdherenceLine, type PlanCardView } from './medication';
import { fieldByPrefix, type FieldErrors } from './staffForms';

/**
 * The doctor's medication plans for a resident of their team: the plans with adherence (the
 * resident's own read route, which the team may use), and the 开具 / 修改 form.
 *
 *   loadResidentMedication(id)        GET  /api/residents/:id/medication/plans
 *   savePlan(id, null, body)          POST /api/staff/residents/:id/medication-plans
 *   savePlan(id, planId, body)        PUT  /api/staff/residents/:id/medication-plans/:planId
 */
export interface ResidentMedicationView {
  plans: Array<PlanCardView & { raw: PlanView }>;
  adherence: AdherenceLine[];
  poor: boolean;
}

export async function loadResidentMedication(residentId: string): Promise<ResidentMedicationView> {
  const data = await parsed(plansResponse, apiRequest({ path: `/api/residents/${encodeURIComponent(residentId)}/medication/plans` }));
  return { plans: data.plans.map((p) => ({ ...planCardOf(p), raw: p })), adherence: [adherenceLineOf(data.adherence.last30), adherenceLineOf(data.adherence.last90)], poor: data.adherence.last30.level === 'poor' };
}

export interface PlanDraft {
  drugName: string;
  doseText: string;
  forCondition: string | null;
  times: string[];
  startedOn: string;
  endedOn: string;
  instructions: string;
  longPrescription: boolean;
  daysSupply: number;
  lastDispensedOn: string;
  programmeSubsidised: boolean;
  folateCourse: boolean;
  freeCourse: boolean;
  stopped: boolean;
}

export const emptyPlanDraft = (today: string): PlanDraft => ({
  drugName: '',
  doseText: '',
  forCondition: null,
  times: [],
  startedOn: today,
  endedOn: '',
  instructions: '',
  longPrescription: false,
  daysSupply: 28,
  lastDispensedOn: today,
  programmeSubsidised: false,
  folateCourse: false,
  freeCourse: false,
  stopped: false,
});

/** The programme's usual medicines (docs/domain.md): one tap fills the name and what goes with it. */
export const drugPresets: ReadonlyArray<{ key: string; label: string; patch: Partial<PlanDraft> }> = [
  { key: 'enalaprilFolic', label: '依那普利叶酸片', patch: { drugName: '依那普利叶酸片', doseText: '1片', forCondition: 'hypertension', programmeSubsidised: true } },
  { key: 'amlodipineFolic', label: '氨氯地平叶酸片', patch: { drugName: '氨氯地平叶酸片', doseText: '1片', forCondition: 'hypertension', programmeSubsidised: true } },
  { key: 'methylfolate', label: '5-甲基四氢叶酸', patch: { drugName: '5-甲基四氢叶酸', doseText: '0.8mg', forCondition: 'hyperhomocysteinemia', folateCourse: true, freeCourse: true } },
  { key: 'metformin', label: '二甲双胍片', patch: { drugName: '二甲双胍片', doseText: '0.5g', forCondition: 'hyperglycemia' } },
  { key: 'atorvastatin', label: '阿托伐他汀钙片', patch: { drugName: '阿托伐他汀钙片', doseText: '20mg', forCondition: 'dyslipidemia' } },
];

export const timeOptions = ['06:30', '07:00', '07:30', '08:00', '12:00', '18:00', '19:30', '20:00', '21:00'].map((t) => ({ key: t, label: timeOfDayText(t) }));
export const conditionOptions = [
  { key: 'hypertension', label: '高血压' },
  { key: 'hyperglycemia', label: '糖尿病' },
  { key: 'dyslipidemia', label: '血脂异常' },
  { key: 'hyperhomocysteinemia', label: '高Hcy' },
  { key: 'other', label: '其他' },
];
export const daysSupplyOptions = [28, 56, 84].map((d) => ({ key: String(d), label: `${d / 7}周（${d}天）` }));

export function draftFromPlan(p: PlanView, today: string): PlanDraft {
  return {
    ...emptyPlanDraft(today),
    drugName: p.drugName,
    doseText: p.doseText ?? '',
    forCondition: p.forCondition,
    times: [...p.timesOfDay],
    startedOn: p.startedOn,
    endedOn: p.folateCourse ? '' : (p.endedOn ?? ''),
    instructions: p.instructions ?? '',
    longPrescription: p.longPrescription !== null,
    daysSupply: p.longPrescription?.daysSupply ?? 28,
    lastDispensedOn: p.longPrescription?.lastDispensedOn ?? today,
    programmeSubsidised: p.programmeSubsidised,
    folateCourse: p.folateCourse !== null,
    freeCourse: p.folateCourse?.freeOfCharge ?? false,
    stopped: p.status === 'stopped',
  };
}

export function checkPlanDraft(d: PlanDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (!d.drugName.trim()) errors['drugName'] = '请填写药品名称';
  if (!d.doseText.trim()) errors['doseText'] = '请填写每次用量，如 1片';
  if (d.times.length === 0) errors['times'] = '请至少选择一个服药时间';
  if (d.endedOn && d.endedOn < d.startedOn) errors['endedOn'] = '停药日期不能早于开始日期';
  return errors;
}

export function buildPlanBody(d: PlanDraft, clientRequestId: string, expectedVersion: number | null): Record<string, unknown> {
  return {
    clientRequestId,
    ...(expectedVersion !== null ? { expectedVersion, status: d.stopped ? 'stopped' : 'active' } : {}),
    drugName: d.drugName.trim(),
    doseText: d.doseText.trim(),
    ...(d.forCondition ? { forCondition: d.forCondition } : {}),
    timesOfDay: [...d.times].sort(),
    startedOn: d.startedOn,
    ...(d.endedOn ? { endedOn: d.endedOn } : {}),
    ...(d.instructions.trim() ? { instructions: d.instructions.trim() } : {}),
    longPrescription: d.longPrescription ? { daysSupply: d.daysSupply, lastDispensedOn: d.lastDispensedOn } : null,
    programmeSubsidised: d.programmeSubsidised,
    folateCourse: d.folateCourse ? { freeOfCharge: d.freeCourse } : null,
  };
}

export const planFieldOf = fieldByPrefix([
  ['drugName', 'drugName'],
  ['doseText', 'doseText'],
  ['timesOfDay', 'times'],
  ['startedOn', 'startedOn'],
  ['endedOn', 'endedOn'],
  ['longPrescription', 'longPrescription'],
]);

export interface SavedPlanView {
  created: boolean;
  title: string;
  lines: string[];
}

export async function savePlan(residentId: string, planId: string | null, body: Record<string, unknown>): Promise<SavedPlanView> {
  const base = `/api/staff/residents/${encodeURIComponent(residentId)}/medication-plans`;
  const saved = await parsed(staffPlanResponse, apiRequest(planId ? { method: 'PUT', path: `${base}/${encodeURIComponent(planId)}`, body } : { method: 'POST', path: base, body }));
  const card = planCardOf(saved.plan);
  return { created: saved.created, title: card.stopped ? `${card.title}（已停药）` : card.title, lines: card.lines };
}
