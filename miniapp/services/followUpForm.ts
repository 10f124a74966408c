import { computeBmi } from '../../shared/clinical';
import { residentFollowUpRecordedView } from '../../shared/api/followups';
import { archiveView, type ArchiveDto } from '../../shared/api/records';
import { addCalendarDays, addCalendarMonths, shanghaiDate } from '../../shared/time/shanghai';
import { parsed } from './apiSchema';
import { loadDueLines, type DueLineView } from './doctorResident';
import { api } from './http';
import { bpPairError, fieldByPrefix, numberErrors, numberOf, setPath, writeNumbers, type FieldErrors, type NumberFieldDef, type NumberRowDef } from './staffForms';

/**
 * The 随访服务记录表 (高血压 / 2型糖尿病) as the doctor fills it on a phone: what the form holds, which
 * fields each table has, the request body of `POST /api/staff/residents/:id/follow-ups`, and where
 * the service's complaints belong. Field definitions are data, so the page renders them in a loop.
 */
export type FollowUpFormKind = 'hypertension' | 'diabetes';
export type FollowUpMode = 'phone' | 'clinic' | 'home';
export type FollowUpSection = 'signs' | 'lifestyle' | 'labs' | 'medication' | 'classification';

export const formKindOptions = [
  { key: 'hypertension', label: '高血压随访表' },
  { key: 'diabetes', label: '糖尿病随访表' },
] as const;

export const modeOptions = [
  { key: 'phone', label: '电话' },
  { key: 'clinic', label: '门诊' },
  { key: 'home', label: '家庭' },
] as const;

export const outcomeOptions = [
  { key: 'visited', label: '已随访到' },
  { key: 'lostToFollowUp', label: '失访（联系不上）' },
] as const;

export const noSymptom = 'none';

/** The printed table's symptom boxes; 无症状 is sent as an empty list. */
export const symptomOptions: Record<FollowUpFormKind, ReadonlyArray<{ key: string; label: string }>> = {
  hypertension: [noSymptom, '头痛头晕', '恶心呕吐', '眼花耳鸣', '呼吸困难', '心悸胸闷', '鼻衄出血不止', '四肢发麻', '下肢水肿'].map((s) => ({ key: s, label: s === noSymptom ? '无症状' : s })),
  diabetes: [noSymptom, '多饮', '多食', '多尿', '视力模糊', '感染', '手脚麻木', '下肢浮肿', '体重明显下降'].map((s) => ({ key: s, label: s === noSymptom ? '无症状' : s })),
};

/** A row of number boxes and the tables (高血压 / 糖尿病) that have it. */
export interface FollowUpNumberRow extends NumberRowDef<FollowUpSection> {
  forms: readonly FollowUpFormKind[];
}

const both: readonly FollowUpFormKind[] = ['hypertension', 'diabetes'];
const nowTarget = (key: string, path: string, decimal: boolean): NumberFieldDef[] => [
  { key: `${key}Now`, label: '目前', path: `${path}.now`, decimal },
  { key: `${key}Target`, label: '下次目标', path: `${path}.target`, decimal },
];

export const numberRows: readonly FollowUpNumberRow[] = [
  {
    key: 'bp',
    label: '血压（mmHg）',
    section: 'signs',
    forms: both,
    fields: [
      { key: 'systolic', label: '收缩压（高压）', path: 'signs.systolicMmHg', decimal: false },
      { key: 'diastolic', label: '舒张压（低压）', path: 'signs.diastolicMmHg', decimal: false },
    ],
  },
  { key: 'heartRate', label: '心率（次/分）', section: 'signs', forms: both, fields: [{ key: 'heartRate', label: '心率', path: 'signs.heartRateBpm', decimal: false }] },
  { key: 'weight', label: '体重（kg）', section: 'signs', forms: both, fields: nowTarget('weight', 'signs.weightKg', true) },
  // Not on the printed table; the cardiovascular risk (China-PAR) and the screening re-check need it.
  { key: 'waist', label: '腰围（cm）', section: 'signs', forms: both, fields: [{ key: 'waist', label: '腰围', path: 'signs.waistCm', decimal: true }] },
  { key: 'cigarettes', label: '日吸烟量（支）', section: 'lifestyle', forms: both, fields: nowTarget('cigarettes', 'lifestyle.cigarettesPerDay', false) },
  { key: 'alcohol', label: '日饮酒量（两）', section: 'lifestyle', forms: both, fields: nowTarget('alcohol', 'lifestyle.alcoholLiangPerDay', true) },
  { key: 'exerciseTimes', label: '运动（次/周）', section: 'lifestyle', forms: both, fields: nowTarget('exerciseTimes', 'lifestyle.exercise.timesPerWeek', false) },
  { key: 'exerciseMinutes', label: '运动（分钟/次）', section: 'lifestyle', forms: both, fields: nowTarget('exerciseMinutes', 'lifestyle.exercise.minutesPerTime', false) },
  { key: 'staple', label: '主食（克/天）', section: 'lifestyle', forms: ['diabetes'], fields: nowTarget('staple', 'lifestyle.stapleFoodGPerDay', false) },
  { key: 'fastingGlucose', label: '空腹血糖（mmol/L）', section: 'labs', forms: both, fields: [{ key: 'fastingGlucose', label: '空腹血糖', path: 'fastingGlucoseMmolL', decimal: true }] },
  { key: 'hba1c', label: '糖化血红蛋白（%）', section: 'labs', forms: both, fields: [{ key: 'hba1c', label: '糖化血红蛋白', path: 'hba1cPercent', decimal: true }] },
];

export interface ChoiceDef {
  key: string;
  label: string;
  path: string;
  section: FollowUpSection;
  forms: readonly FollowUpFormKind[];
  options: ReadonlyArray<{ key: string; label: string }>;
}

const salt = [
  { key: 'light', label: '轻' },
  { key: 'moderate', label: '中' },
  { key: 'heavy', label: '重' },
];
const level3 = [
  { key: 'good', label: '良好' },
  { key: 'fair', label: '一般' },
  { key: 'poor', label: '差' },
];

export const choiceDefs: readonly ChoiceDef[] = [
  {
    key: 'dorsalisPedisPulse',
    label: '足背动脉搏动',
    path: 'signs.dorsalisPedisPulse',
    section: 'signs',
    forms: ['diabetes'],
    options: [
      { key: 'normal', label: '触及正常' },
      { key: 'weakened', label: '减弱' },
      { key: 'absent', label: '消失' },
    ],
  },
  { key: 'saltNow', label: '摄盐情况（目前）', path: 'lifestyle.saltIntake.now', section: 'lifestyle', forms: both, options: salt },
  { key: 'saltTarget', label: '摄盐情况（下次目标）', path: 'lifestyle.saltIntake.target', section: 'lifestyle', forms: both, options: salt },
  { key: 'psychological', label: '心理调整', path: 'lifestyle.psychologicalAdjustment', section: 'lifestyle', forms: both, options: level3 },
  { key: 'compliance', label: '遵医行为', path: 'lifestyle.complianceBehaviour', section: 'lifestyle', forms: both, options: level3 },
  {
    key: 'medicationAdherence',
    label: '服药依从性',
    path: 'medicationAdherence',
    section: 'medication',
    forms: both,
    options: [
      { key: 'regular', label: '规律' },
      { key: 'intermittent', label: '间断' },
      { key: 'none', label: '不服药' },
    ],
  },
  {
    key: 'hypoglycemiaReaction',
    label: '低血糖反应',
    path: 'hypoglycemiaReaction',
    section: 'medication',
    forms: ['diabetes'],
    options: [
      { key: 'none', label: '无' },
      { key: 'occasional', label: '偶尔' },
      { key: 'frequent', label: '频繁' },
    ],
  },
  {
    key: 'classification',
    label: '此次随访分类',
    path: 'classification',
    section: 'classification',
    forms: both,
    options: [
      { key: 'satisfied', label: '控制满意' },
      { key: 'unsatisfied', label: '控制不满意' },
      { key: 'adverseReaction', label: '不良反应' },
      { key: 'complication', label: '并发症' },
    ],
  },
];

export interface MedicationDraft {
  drugName: string;
  timesPerDay: string;
  doseMg: string;
}

export interface FollowUpDraft {
  form: FollowUpFormKind;
  mode: FollowUpMode;
  visitedOn: string;
  outcome: 'visited' | 'lostToFollowUp';
  outcomeNote: string;
  /** Chosen symptom keys; [noSymptom] means 无症状. */
  symptoms: string[];
  symptomsOther: string;
  numbers: Record<string, string>;
  choices: Record<string, string>;
  adverseReaction: boolean;
  adverseReactionText: string;
  medications: MedicationDraft[];
  medicationAdjustment: string;
  referral: boolean;
  referralReason: string;
  referralTo: string;
  nextVisitOn: string;
  doctorName: string;
  advice: string;
}

export const emptyMedication: MedicationDraft = { drugName: '', timesPerDay: '', doseMg: '' };

export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDate(now);
}

export function emptyFollowUpDraft(form: FollowUpFormKind, today: string): FollowUpDraft {
  return {
    form,
    mode: 'phone',
    visitedOn: today,
    outcome: 'visited',
    outcomeNote: '',
    symptoms: [],
    symptomsOther: '',
    numbers: {},
    choices: {},
    adverseReaction: false,
    adverseReactionText: '',
    medications: [],
    medicationAdjustment: '',
    referral: false,
    referralReason: '',
    referralTo: '',
    nextVisitOn: '',
    doctorName: '',
    advice: '',
  };
}

/** Pure: tapping a symptom — 无症状 clears the others, any other clears 无症状; a second tap unticks. */
export function toggleSymptom(current: readonly string[], key: string): string[] {
  if (current.includes(key)) return current.filter((s) => s !== key);
  if (key === noSymptom) return [noSymptom];
  return [...current.filter((s) => s !== noSymptom), key];
}

export const rowsFor = (form: FollowUpFormKind, section: FollowUpSection) => numberRows.filter((r) => r.section === section && r.forms.includes(form));
export const choicesFor = (form: FollowUpFormKind, section: FollowUpSection) => choiceDefs.filter((c) => c.section === section && c.forms.includes(form));

/** 2 周后 / 1 个月后 / 3 个月后, counted from the visit (Rongcheng: re-follow-up within 2 weeks, monthly, quarterly). */
export function nextVisitOptions(visitedOn: string): Array<{ key: string; label: string }> {
  return [
    { key: addCalendarDays(visitedOn, 14), label: '2周后' },
    { key: addCalendarMonths(visitedOn, 1), label: '1个月后' },
    { key: addCalendarMonths(visitedOn, 3), label: '3个月后' },
  ];
}

export function visitDayOptions(today: string): Array<{ key: string; label: string }> {
  return [
    { key: today, label: '今天' },
    { key: addCalendarDays(today, -1), label: '昨天' },
  ];
}

/**
 * BMI from a weight and the archive's height by the shared rule (one decimal, half up, on integers:
 * 48 kg at 160 cm is 18.8); null without either. The service computes the stored BMI the same way.
 */
export function bmiOf(weightKg: number | undefined, heightCm: number | null): number | null {
  if (weightKg === undefined || !Number.isFinite(weightKg) || weightKg <= 0 || !heightCm || heightCm <= 0) return null;
  return computeBmi(weightKg, heightCm);
}

const allNumberFields: readonly NumberFieldDef[] = numberRows.flatMap((r) => r.fields);
const numberFieldsOf = (form: FollowUpFormKind) => numberRows.filter((r) => r.forms.includes(form)).flatMap((r) => r.fields);

/** Pure: what must be fixed before sending, by field key (the page shows each under its field). */
export function checkFollowUpDraft(draft: FollowUpDraft, today: string): FieldErrors {
  const errors: FieldErrors = { ...numberErrors(numberFieldsOf(draft.form), draft.numbers), ...bpPairError(draft.numbers, 'systolic', 'diastolic') };
  if (draft.visitedOn > today) errors['visitedOn'] = '随访日期不能晚于今天';
  if (draft.outcome === 'visited' && !draft.choices['classification']) errors['classification'] = '请选择此次随访分类';
  if (draft.outcome === 'lostToFollowUp' && draft.outcomeNote.trim() === '') errors['outcomeNote'] = '请写明失访原因';
  if (draft.nextVisitOn && draft.nextVisitOn <= draft.visitedOn) errors['nextVisitOn'] = '下次随访日期应晚于本次随访';
  if (draft.adverseReaction && draft.adverseReactionText.trim() === '') errors['adverseReactionText'] = '请写明是什么不良反应';
  if (draft.referral && (draft.referralReason.trim() === '' || draft.referralTo.trim() === '')) errors['referral'] = '转诊请填写原因和转诊机构及科别';
  draft.medications.forEach((m, index) => {
    if (m.drugName.trim() === '' && (m.timesPerDay.trim() !== '' || m.doseMg.trim() !== '')) errors[`medication${index}`] = '请填写药物名称';
    else if ([m.timesPerDay, m.doseMg].some((t) => Number.isNaN(numberOf(t) ?? 0))) errors[`medication${index}`] = '用法用量请填写数字';
  });
  return errors;
}

const optionalText = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** Pure: the request body (call after checkFollowUpDraft found nothing). */
export function buildFollowUpBody(draft: FollowUpDraft, clientRecordId: string, heightCm: number | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    clientRecordId,
    form: draft.form,
    mode: draft.mode,
    visitedOn: draft.visitedOn,
    outcome: draft.outcome,
    symptoms: draft.symptoms.filter((s) => s !== noSymptom),
    signs: {},
    lifestyle: {},
    adverseReaction: draft.adverseReaction ? { present: true, description: draft.adverseReactionText.trim() } : { present: false },
    medications: draft.medications
      .filter((m) => m.drugName.trim() !== '')
      .map((m) => ({ drugName: m.drugName.trim(), timesPerDay: numberOf(m.timesPerDay), doseMgPerTime: numberOf(m.doseMg) })),
  };
  writeNumbers(body, numberFieldsOf(draft.form), draft.numbers);
  for (const choice of choiceDefs) {
    const value = draft.choices[choice.key];
    if (value && choice.forms.includes(draft.form)) setPath(body, choice.path, value);
  }
  const bmiNow = bmiOf(numberOf(draft.numbers['weightNow'] ?? ''), heightCm);
  const bmiTarget = bmiOf(numberOf(draft.numbers['weightTarget'] ?? ''), heightCm);
  if (bmiNow !== null || bmiTarget !== null) setPath(body, 'signs.bmi', { now: bmiNow ?? undefined, target: bmiTarget ?? undefined });
  const texts: Record<string, string | undefined> = {
    outcomeNote: draft.outcome === 'lostToFollowUp' ? optionalText(draft.outcomeNote) : undefined,
    symptomsOther: optionalText(draft.symptomsOther),
    medicationAdjustment: optionalText(draft.medicationAdjustment),
    nextVisitOn: optionalText(draft.nextVisitOn),
    doctorName: optionalText(draft.doctorName),
    advice: optionalText(draft.advice),
  };
  for (const [key, value] of Object.entries(texts)) if (value !== undefined) body[key] = value;
  if (draft.referral) body['referral'] = { reason: draft.referralReason.trim(), institutionAndDepartment: draft.referralTo.trim() };
  return body;
}

/** Where a complaint of the service belongs on the form (request paths and plausibility fields). */
export const followUpFieldOf = fieldByPrefix([
  ...allNumberFields.map((f) => [f.path, f.key] as const),
  ['signs.weightKg', 'weightNow'],
  ['systolicMmHg', 'systolic'],
  ['diastolicMmHg', 'diastolic'],
  ['heartRateBpm', 'heartRate'],
  ['weightKg', 'weightNow'],
  ['waistCm', 'waist'],
  ['glucoseMmolL', 'fastingGlucose'],
  ['hba1cPercent', 'hba1c'],
  ['visitedOn', 'visitedOn'],
  ['nextVisitOn', 'nextVisitOn'],
  ['outcomeNote', 'outcomeNote'],
  ['classification', 'classification'],
  ['adverseReaction', 'adverseReactionText'],
  ['referral', 'referral'],
  ...choiceDefs.map((c) => [c.path, c.key] as const),
]);

export interface FollowUpContext {
  name: string;
  /** The table that fits first: 高血压 unless only diabetes is diagnosed. */
  form: FollowUpFormKind;
  /** From the archive, for BMI; null when not recorded. */
  heightCm: number | null;
}

/** What the form reads of the archive: a problem elsewhere in it does not keep the form from opening. */
const archiveHead = archiveView.pick({ resident: true, conditions: true });

/** Pure: `GET /api/residents/:id/records` as what the form needs. */
export function followUpContextOf(records: Pick<ArchiveDto, 'resident' | 'conditions'>): FollowUpContext {
  const { resident, conditions } = records;
  return {
    name: resident.name,
    form: conditions.includes('hyperglycemia') && !conditions.includes('hypertension') ? 'diabetes' : 'hypertension',
    heightCm: resident.heightCm,
  };
}

export async function loadFollowUpContext(residentId: string): Promise<FollowUpContext> {
  return followUpContextOf(await parsed(archiveHead, api.get(`/api/residents/${encodeURIComponent(residentId)}/records`)));
}

export interface FollowUpSavedView {
  /** false: the same form had been saved before (a retry); nothing was recorded twice. */
  created: boolean;
  due: DueLineView[];
}

export async function submitFollowUp(residentId: string, body: Record<string, unknown>): Promise<FollowUpSavedView> {
  const data = await parsed(residentFollowUpRecordedView, api.post(`/api/staff/residents/${encodeURIComponent(residentId)}/follow-ups`, body));
  const due = await loadDueLines(residentId).catch(() => []);
  return { created: data.created, due };
}
