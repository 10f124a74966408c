import { CONTRACT_MAX_MONTHS, servicePackageDefinitions, servicePackages, type ServicePackage } from '../../shared/records/servicePackages';
import { addCalendarDays, addCalendarMonths } from '../../shared/time/shanghai';
import { contractSignedView, screeningRecordedView } from '../../shared/api/records';
import { parsed } from './apiSchema';
import { formatDayRange } from './displayTime';
import { api } from './http';
import { labLines } from './records';
import { staffPath } from './staffApi';
import { bpPairError, fieldByPrefix, numberErrors, writeNumbers, type FieldErrors, type NumberRowDef } from './staffForms';

/**
 * A doctor's own entries for a resident of the team, besides the follow-up:
 *
 *   signContract(id, draft)    POST /api/staff/residents/:id/contracts   签约 / 续约 (service package, period)
 *   recordScreening(id, draft) POST /api/staff/residents/:id/screenings  筛查 / 化验 (BP, glucose, lipids, Hcy,
 *                                                                     waist and weight, eGFR, UACR, eye and foot examinations)
 *
 * Both are idempotent by the client's request id, kept for the life of the form, and each earns the
 * resident's points through the passbook's events (签约 +200 / 续约 +100, each screening, Hcy).
 */
// ---------------------------------------------------------------------------------------------
// 签约 / 续约

export const packageOptions = servicePackages.map((key) => ({ key, label: servicePackageDefinitions[key].label }));

export function packageItemsText(key: ServicePackage): string {
  return servicePackageDefinitions[key].items.join('、');
}

export interface ContractDraft {
  servicePackage: ServicePackage | '';
  startsOn: string;
  endsOn: string;
  /** The contract this one renews, or null for a first signing. */
  renewalOf: string | null;
}

/** A year's contract ends the day before the same date next year. */
export const periodEnd = (startsOn: string, years: number) => addCalendarDays(addCalendarMonths(startsOn, 12 * years), -1);

export const periodYearsOptions = Array.from({ length: CONTRACT_MAX_MONTHS / 12 }, (_, i) => ({ key: String(i + 1), label: `${i + 1}年` }));

/**
 * The form's starting point: a first signing starts today; a renewal starts the day after the
 * current contract ends (the service refuses an overlap), both for one year.
 */
export function emptyContractDraft(today: string, current: { contractId: string; endsOn: string } | null, suggested: ServicePackage | ''): ContractDraft {
  const startsOn = current && current.endsOn >= today ? addCalendarDays(current.endsOn, 1) : today;
  return { servicePackage: suggested, startsOn, endsOn: periodEnd(startsOn, 1), renewalOf: current ? current.contractId : null };
}

/** The package that fits the diagnoses best, as the suggestion. */
export function suggestedPackage(conditions: readonly string[], ageYears: number | null): ServicePackage {
  if (conditions.includes('hypertension')) return 'hypertension';
  if (conditions.includes('hyperglycemia')) return 'diabetes';
  if (ageYears !== null && ageYears >= 65) return 'elderly';
  return 'basic';
}

export function checkContractDraft(draft: ContractDraft, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.servicePackage === '') errors['servicePackage'] = '请选择签约服务包';
  if (draft.endsOn <= draft.startsOn) errors['endsOn'] = '结束日期须晚于开始日期';
  else if (draft.endsOn < today) errors['endsOn'] = '结束日期不能早于今天';
  else if (draft.endsOn > addCalendarMonths(draft.startsOn, CONTRACT_MAX_MONTHS)) errors['endsOn'] = `签约期限最长${CONTRACT_MAX_MONTHS / 12}年`;
  return errors;
}

export const contractFieldOf = fieldByPrefix([
  ['servicePackage', 'servicePackage'],
  ['startsOn', 'startsOn'],
  ['endsOn', 'endsOn'],
]);

export interface ContractSignedView {
  created: boolean;
  packageName: string;
  periodText: string;
  renewal: boolean;
}

export async function signContract(residentId: string, draft: ContractDraft, clientRequestId: string): Promise<ContractSignedView> {
  const body = {
    clientRequestId,
    servicePackage: draft.servicePackage,
    startsOn: draft.startsOn,
    endsOn: draft.endsOn,
    ...(draft.renewalOf ? { renewalOf: draft.renewalOf } : {}),
  };
  const signed = await parsed(contractSignedView, api.post(staffPath(residentId, '/contracts'), body));
  return {
    created: signed.created,
    packageName: signed.contract.packageName || '家庭医生签约服务',
    periodText: formatDayRange(signed.contract.startsOn, signed.contract.endsOn),
    renewal: signed.renewalOf !== null,
  };
}

// ---------------------------------------------------------------------------------------------
// 筛查 / 检验

export type ScreeningSection = 'bp' | 'glucose' | 'lipids' | 'hcy' | 'body' | 'kidney';

export const screeningKindOptions = [
  { key: 'screening', label: '筛查' },
  { key: 'labResult', label: '化验结果' },
] as const;

const value = (key: string, label: string, decimal = true) => ({ key, label, path: `values.${key}`, decimal });

export const screeningRows: readonly NumberRowDef<ScreeningSection>[] = [
  { key: 'bp', label: '血压（mmHg）', section: 'bp', fields: [value('systolicMmHg', '收缩压（高压）', false), value('diastolicMmHg', '舒张压（低压）', false)] },
  { key: 'heartRate', label: '心率（次/分）', section: 'bp', fields: [value('heartRateBpm', '心率', false)] },
  { key: 'glucose', label: '血糖（mmol/L）', section: 'glucose', fields: [value('fastingGlucoseMmolL', '空腹'), value('postprandial2hGlucoseMmolL', '餐后2小时')] },
  { key: 'hba1c', label: '糖化血红蛋白（%）', section: 'glucose', fields: [value('hba1cPercent', '糖化血红蛋白')] },
  { key: 'cholesterol', label: '胆固醇（mmol/L）', section: 'lipids', fields: [value('totalCholesterolMmolL', '总胆固醇'), value('ldlCholesterolMmolL', 'LDL-C')] },
  { key: 'lipidsOther', label: '甘油三酯 / HDL-C（mmol/L）', section: 'lipids', fields: [value('triglyceridesMmolL', '甘油三酯'), value('hdlCholesterolMmolL', 'HDL-C')] },
  { key: 'hcy', label: '同型半胱氨酸 Hcy（μmol/L）', section: 'hcy', fields: [value('hcyUmolL', 'Hcy')] },
  { key: 'body', label: '腰围（cm）/ 体重（kg）', section: 'body', fields: [value('waistCm', '腰围'), value('weightKg', '体重')] },
  { key: 'kidney', label: 'eGFR（mL/min）/ 尿白蛋白肌酐比（mg/g）', section: 'kidney', fields: [value('egfrMlPerMin', 'eGFR'), value('uacrMgPerG', '尿白蛋白/肌酐')] },
];

export const screeningSectionTitles: Record<ScreeningSection, string> = {
  bp: '血压',
  glucose: '血糖',
  lipids: '血脂',
  hcy: '同型半胱氨酸',
  body: '腰围和体重（心血管风险评估、半年复查）',
  kidney: '肾功能（糖尿病年度并发症筛查）',
};

/** The diabetic annual complication screening's examinations without a number (眼底、足部). */
export type ExamKey = 'fundus' | 'foot';
export const examOptions: Record<ExamKey, { label: string; options: readonly { key: string; label: string }[] }> = {
  fundus: { label: '眼底检查', options: [{ key: 'none', label: '未做' }, { key: 'normal', label: '正常' }, { key: 'abnormal', label: '异常' }] },
  foot: { label: '足部检查', options: [{ key: 'none', label: '未做' }, { key: 'normal', label: '正常' }, { key: 'abnormal', label: '异常' }] },
};

const screeningFields = screeningRows.flatMap((r) => r.fields);

export interface ScreeningDraft {
  kind: 'screening' | 'labResult';
  /** A Shanghai day; today means "now" (the service's default). */
  measuredOn: string;
  numbers: Record<string, string>;
  exams: Partial<Record<ExamKey, 'normal' | 'abnormal'>>;
  labName: string;
  note: string;
}

export function emptyScreeningDraft(today: string): ScreeningDraft {
  return { kind: 'screening', measuredOn: today, numbers: {}, exams: {}, labName: '', note: '' };
}

export function checkScreeningDraft(draft: ScreeningDraft, today: string): FieldErrors {
  const errors: FieldErrors = { ...numberErrors(screeningFields, draft.numbers), ...bpPairError(draft.numbers, 'systolicMmHg', 'diastolicMmHg') };
  if (!screeningFields.some((f) => (draft.numbers[f.key] ?? '').trim() !== '') && Object.keys(draft.exams).length === 0) errors['form'] = '请至少填写一项检测结果';
  if (draft.measuredOn > today) errors['measuredOn'] = '检测日期不能晚于今天';
  return errors;
}

/** Pure: the request body; an earlier day is sent as 09:00 Shanghai time of that day. */
export function buildScreeningBody(draft: ScreeningDraft, clientRequestId: string, today: string): Record<string, unknown> {
  const body: Record<string, unknown> = { clientRequestId, kind: draft.kind, values: {} };
  writeNumbers(body, screeningFields, draft.numbers);
  if (Object.keys(draft.exams).length > 0) body['exams'] = { ...draft.exams };
  if (draft.measuredOn !== today) body['measuredAt'] = `${draft.measuredOn}T09:00:00+08:00`;
  if (draft.labName.trim()) body['labName'] = draft.labName.trim();
  if (draft.note.trim()) body['note'] = draft.note.trim();
  return body;
}

export const screeningFieldOf = fieldByPrefix([
  ...screeningFields.flatMap((f) => [[f.path, f.key] as const, [f.key, f.key] as const]),
  ['glucoseMmolL', 'fastingGlucoseMmolL'],
  ['measuredAt', 'measuredOn'],
  ['values', 'form'],
]);

const measureTexts: Record<string, string> = { bp: '血压筛查', glucose: '血糖筛查', lipids: '血脂筛查' };

export interface ScreeningSavedView {
  created: boolean;
  lines: string[];
  /** "已计入：血压筛查、血脂筛查" or null for a lab result */
  screeningText: string | null;
  hcyText: string | null;
}

export async function recordScreening(residentId: string, body: Record<string, unknown>): Promise<ScreeningSavedView> {
  const recorded = await parsed(screeningRecordedView, api.post(staffPath(residentId, '/screenings'), body));
  const measures = recorded.screeningMeasures.map((m) => measureTexts[m] ?? m);
  const hcy = recorded.latestHcyUmolL;
  return {
    created: recorded.created,
    lines: labLines(recorded.labResult.values, recorded.labResult.exams),
    screeningText: measures.length > 0 ? `已计入：${measures.join('、')}` : null,
    hcyText: hcy === null ? null : `最近一次同型半胱氨酸 ${hcy} μmol/L${recorded.hTypeHypertension ? '，为 H 型高血压，请按要求补充叶酸并定期复查' : ''}`,
  };
}
