import {
  assessUrgency,
  checkPlausibility,
  clinicalReasonMessages,
  computeBmi,
  bmiCategory,
  sessionMean,
  sessionReadingsToAverage,
  type BpReading,
  type ClinicalReasonCode,
  type PlausibilityField,
} from '../../shared/clinical';
import type { ReadingMeasure } from '../../shared/api/readings';

/**
 * The pure half of readings entry: what each measure's screen asks for, turning typed text into a
 * request body, instant plausibility checks with the shared Chinese messages, the live BP session
 * mean and the client-side urgency check (shown at once, even offline). No Taro, no network:
 * unit-tested in test/unit/miniapp.
 */
export type { ReadingMeasure };
export type GlucoseTiming = 'fasting' | 'postprandial2h' | 'random';
export type Arm = 'left' | 'right';
export type TimeOfDay = 'morning' | 'evening';

export const readingMeasures: readonly ReadingMeasure[] = ['bp', 'glucose', 'weight', 'lipids', 'hcy'];

export function isReadingMeasure(value: unknown): value is ReadingMeasure {
  return typeof value === 'string' && (readingMeasures as readonly string[]).includes(value);
}

export { glucoseTimingLabels, measureLabels } from '../../shared/clinical/labels';

/** One number the screen asks for: where it goes, how it is labelled, how it is typed. */
export interface EntryField {
  /** `r0.systolicMmHg` for BP rows, otherwise the body field name. */
  key: string;
  label: string;
  unit: string;
  /** Integer-only fields hide the decimal point key. */
  decimals: 0 | 1 | 2;
  /** Digits before the point, so a pad never accepts 4-digit blood pressure. */
  integerDigitsMax: number;
  required: boolean;
  /** Group heading, e.g. 第1遍 */
  group?: string;
}

export const bpRowCountMax = 3;

function bpRowFields(row: number): EntryField[] {
  const group = `第${row + 1}遍${row === 2 ? '（可不填）' : ''}`;
  const required = row < 2;
  return [
    { key: `r${row}.systolicMmHg`, label: '高压（收缩压）', unit: 'mmHg', decimals: 0, integerDigitsMax: 3, required, group },
    { key: `r${row}.diastolicMmHg`, label: '低压（舒张压）', unit: 'mmHg', decimals: 0, integerDigitsMax: 3, required, group },
    { key: `r${row}.heartRateBpm`, label: '脉搏', unit: '次/分', decimals: 0, integerDigitsMax: 3, required: false, group },
  ];
}

export function entryFields(measure: ReadingMeasure): EntryField[] {
  switch (measure) {
    case 'bp':
      return [0, 1, 2].flatMap(bpRowFields);
    case 'glucose':
      return [{ key: 'glucoseMmolL', label: '血糖', unit: 'mmol/L', decimals: 1, integerDigitsMax: 2, required: true }];
    case 'weight':
      return [{ key: 'weightKg', label: '体重', unit: 'kg', decimals: 1, integerDigitsMax: 3, required: true }];
    case 'hcy':
      return [{ key: 'hcyUmolL', label: '同型半胱氨酸', unit: 'μmol/L', decimals: 1, integerDigitsMax: 3, required: true }];
    case 'lipids':
      return [
        { key: 'totalCholesterolMmolL', label: '总胆固醇', unit: 'mmol/L', decimals: 2, integerDigitsMax: 2, required: false },
        { key: 'triglyceridesMmolL', label: '甘油三酯', unit: 'mmol/L', decimals: 2, integerDigitsMax: 2, required: false },
        { key: 'ldlCholesterolMmolL', label: '低密度脂蛋白（LDL-C）', unit: 'mmol/L', decimals: 2, integerDigitsMax: 2, required: false },
        { key: 'hdlCholesterolMmolL', label: '高密度脂蛋白（HDL-C）', unit: 'mmol/L', decimals: 2, integerDigitsMax: 2, required: false },
      ];
  }
}

/**
 * What a number-pad key does to the typed text: digits up to the field's limits, one point when
 * decimals are allowed, ⌫ removes the last character. Returns the text unchanged when a key is not
 * allowed, so a shaky double tap cannot produce 1400.
 */
export function applyPadKey(text: string, key: string, field: Pick<EntryField, 'decimals' | 'integerDigitsMax'>): string {
  if (key === 'backspace') return text.slice(0, -1);
  if (key === 'clear') return '';
  if (key === '.') {
    if (field.decimals === 0 || text.includes('.')) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  if (!/^[0-9]$/.test(key)) return text;
  const [whole = '', fraction] = text.split('.');
  if (fraction !== undefined) return fraction.length >= field.decimals ? text : text + key;
  if (whole === '0') return key; // no leading zeros: 0 then 7 → 7
  return whole.length >= field.integerDigitsMax ? text : text + key;
}

/** Typed text → a number, or undefined when empty; "12." counts as 12. */
export function parseTyped(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '' || text === '.') return undefined;
  const value = Number(text.endsWith('.') ? text.slice(0, -1) : text);
  return Number.isFinite(value) ? value : Number.NaN;
}

export interface EntryDraft {
  measure: ReadingMeasure;
  /** Field key → typed text. */
  values: Record<string, string>;
  arm: Arm;
  timeOfDay: TimeOfDay;
  timing: GlucoseTiming;
  measuredAt: Date;
}

export interface DraftCheck {
  /** Field key → Chinese message (hard errors). */
  fieldErrors: Record<string, string>;
  /** Problems not tied to one field (e.g. a third reading half filled). */
  formErrors: string[];
  /** Unusual but possible values: shown, do not block saving. */
  warnings: string[];
  /** Ready to send. */
  ok: boolean;
}

const message = (code: ClinicalReasonCode | string): string => (clinicalReasonMessages as Record<string, string>)[code] ?? '数值不合理，请核对';

function bpRows(values: Record<string, string>): Array<{ row: number; systolic?: number; diastolic?: number; pulse?: number; touched: boolean }> {
  return [0, 1, 2].map((row) => {
    const systolic = parseTyped(values[`r${row}.systolicMmHg`]);
    const diastolic = parseTyped(values[`r${row}.diastolicMmHg`]);
    const pulse = parseTyped(values[`r${row}.heartRateBpm`]);
    return { row, systolic, diastolic, pulse, touched: systolic !== undefined || diastolic !== undefined || pulse !== undefined };
  });
}

/** The complete BP readings typed so far (both values present), in row order. */
export function completeBpReadings(values: Record<string, string>): BpReading[] {
  return bpRows(values).flatMap((r) =>
    r.systolic !== undefined && r.diastolic !== undefined && Number.isFinite(r.systolic) && Number.isFinite(r.diastolic)
      ? [{ systolicMmHg: r.systolic, diastolicMmHg: r.diastolic, ...(r.pulse !== undefined && Number.isFinite(r.pulse) ? { heartRateBpm: r.pulse } : {}) }]
      : [],
  );
}

export interface BpMeanView {
  /** "140/87" or null until two complete readings are typed. */
  meanText: string | null;
  /** "脉搏 71" or null. */
  pulseText: string | null;
  /** "2遍平均" */
  basisText: string;
  systolicMmHg: number | null;
  diastolicMmHg: number | null;
}

/** The live mean under the BP rows (docs/clinical-rules.md §1.2: 2–3 readings, integer mean, half up). */
export function bpMeanView(values: Record<string, string>): BpMeanView {
  const readings = completeBpReadings(values);
  const result = readings.length >= 2 ? sessionMean(readings) : null;
  if (!result || !result.ok) {
    return { meanText: null, pulseText: null, basisText: readings.length === 1 ? '再测一遍后显示平均值' : '测2–3遍后显示平均值', systolicMmHg: null, diastolicMmHg: null };
  }
  const { mean } = result;
  // G25 §4.1: first two more than 10 apart → the last two are averaged; say so, or the number surprises.
  const averagedCount = sessionReadingsToAverage(readings).length;
  return {
    meanText: `${mean.systolicMmHg}/${mean.diastolicMmHg}`,
    pulseText: mean.heartRateBpm !== undefined ? `脉搏 ${mean.heartRateBpm}` : null,
    basisText: averagedCount < mean.readingCount ? `前两遍相差较大，取后${averagedCount}遍平均` : `${mean.readingCount}遍平均`,
    systolicMmHg: mean.systolicMmHg,
    diastolicMmHg: mean.diastolicMmHg,
  };
}

export function bmiView(weightText: string | undefined, heightCm: number | null): { bmiText: string; categoryText: string } | null {
  const weightKg = parseTyped(weightText);
  if (weightKg === undefined || !Number.isFinite(weightKg) || !heightCm || weightKg < 20 || weightKg > 300) return null;
  const bmi = computeBmi(weightKg, heightCm);
  const labels = { underweight: '偏瘦', normal: '正常', overweight: '超重', obese: '肥胖' } as const;
  return { bmiText: bmi.toFixed(1), categoryText: labels[bmiCategory(bmi)] };
}

/**
 * Checks a draft with the shared plausibility rules. `touchedOnly` (while typing) reports only the
 * fields already typed; on save every required field is checked.
 */
export function checkDraft(draft: EntryDraft, now: Date, options: { touchedOnly: boolean } = { touchedOnly: false }): DraftCheck {
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  const warnings: string[] = [];
  const addPlausibility = (prefix: string, input: Partial<Record<PlausibilityField, number>>) => {
    const result = checkPlausibility(input, now);
    for (const error of result.errors) {
      const key = `${prefix}${error.field}`;
      if (!fieldErrors[key]) fieldErrors[key] = message(error.code);
    }
    for (const warning of result.warnings) {
      const text = message(warning.code);
      if (!warnings.includes(text)) warnings.push(text);
    }
  };

  if (draft.measure === 'bp') {
    for (const row of bpRows(draft.values)) {
      const required = row.row < 2 && !options.touchedOnly;
      const prefix = `r${row.row}.`;
      if (row.touched || required) {
        if (row.systolic === undefined && (required || row.diastolic !== undefined)) fieldErrors[`${prefix}systolicMmHg`] = message('systolic_not_a_number');
        if (row.diastolic === undefined && (required || row.systolic !== undefined)) fieldErrors[`${prefix}diastolicMmHg`] = message('diastolic_not_a_number');
      }
      const input: Partial<Record<PlausibilityField, number>> = {};
      if (row.systolic !== undefined) input.systolicMmHg = row.systolic;
      if (row.diastolic !== undefined) input.diastolicMmHg = row.diastolic;
      if (row.pulse !== undefined) input.heartRateBpm = row.pulse;
      addPlausibility(prefix, input);
    }
    if (!options.touchedOnly && completeBpReadings(draft.values).length < 2) formErrors.push(message('bp_session_reading_count_invalid'));
  } else {
    const input: Partial<Record<PlausibilityField, number>> = {};
    for (const field of entryFields(draft.measure)) {
      const value = parseTyped(draft.values[field.key]);
      if (value === undefined) {
        if (field.required && !options.touchedOnly) fieldErrors[field.key] = `请填写${field.label}`;
        continue;
      }
      input[field.key as PlausibilityField] = value;
    }
    addPlausibility('', input);
    if (draft.measure === 'lipids' && !options.touchedOnly && Object.keys(input).length === 0) formErrors.push('至少填写一项血脂结果');
  }

  const timeCheck = checkPlausibility({ measuredAt: draft.measuredAt }, now);
  for (const error of timeCheck.errors) formErrors.push(message(error.code));

  return { fieldErrors, formErrors, warnings, ok: Object.keys(fieldErrors).length === 0 && formErrors.length === 0 };
}

/** A client reading id: time plus random hex, 8–64 of [A-Za-z0-9_-] as the service requires. */
export function newClientReadingId(nowMs: number = Date.now(), random: () => number = Math.random): string {
  let hex = '';
  for (let i = 0; i < 16; i += 1) hex += Math.floor(random() * 16).toString(16);
  return `r${nowMs.toString(36)}${hex}`;
}

/** The request body of `POST /api/residents/:residentId/readings`. Call after checkDraft said ok. */
export function buildReadingBody(draft: EntryDraft, clientReadingId: string): Record<string, unknown> & { clientReadingId: string; measure: string; measuredAt: string } {
  const common = { measure: draft.measure, clientReadingId, measuredAt: draft.measuredAt.toISOString(), source: 'manual' };
  const number = (key: string) => parseTyped(draft.values[key]);
  switch (draft.measure) {
    case 'bp':
      return { ...common, readings: completeBpReadings(draft.values), arm: draft.arm, timeOfDay: draft.timeOfDay };
    case 'glucose':
      return { ...common, timing: draft.timing, glucoseMmolL: number('glucoseMmolL') };
    case 'weight':
      return { ...common, weightKg: number('weightKg') };
    case 'hcy':
      return { ...common, hcyUmolL: number('hcyUmolL') };
    case 'lipids': {
      const body: Record<string, unknown> = { ...common };
      for (const field of entryFields('lipids')) {
        const value = number(field.key);
        if (value !== undefined) body[field.key] = value;
      }
      return body as ReturnType<typeof buildReadingBody>;
    }
  }
}

/**
 * Urgency judged on the phone from what was typed (the BP mean, the glucose value), so the advice
 * shows at once even when the service cannot be reached. The service judges again and alerts the team.
 */
export function localUrgency(body: Record<string, unknown>): { urgent: boolean; reasons: string[]; advice: string[] } {
  if (body['measure'] === 'bp') {
    const readings = body['readings'] as BpReading[];
    const result = sessionMean(readings);
    if (!result.ok) return { urgent: false, reasons: [], advice: [] };
    return assessUrgency({ systolicMmHg: result.mean.systolicMmHg, diastolicMmHg: result.mean.diastolicMmHg });
  }
  if (body['measure'] === 'glucose' && typeof body['glucoseMmolL'] === 'number') return assessUrgency({ glucoseMmolL: body['glucoseMmolL'] });
  return { urgent: false, reasons: [], advice: [] };
}

/** 早上 before noon, 晚上 after: the default toggle for a BP session. */
export function defaultTimeOfDay(now: Date): TimeOfDay {
  return now.getHours() < 12 ? 'morning' : 'evening';
}
