import { isBpControlledBySpec, isFastingGlucoseControlledBySpec } from '../clinical/specControl';
import { ageOn } from '../identity/age';
import { calendarDaysBetween } from '../time/shanghai';

/**
 * The programme's indicators (国家基本公共卫生服务规范 第三版 §5.6 as docs/clinical-rules.md §5.6 gives them),
 * as pure functions over one resident's facts of a year. Every figure is 0 or 1 per resident; a
 * report sums them, so each rate is a sum ÷ a sum. The same formulas serve a whole year and any
 * period inside it (a quarter, a month): only the period's bounds, and the number of face-to-face
 * follow-ups the spec asks for in that period, change. `indicatorFormulas` says the same in words
 * for the report page and the CSV.
 *
 * - contracted (签约): a contract (not terminated) overlapping the period.
 * - managed (管理人数, 高血压 / 糖尿病): an active diagnosis made on or before the period's end, whether
 *   or not the resident has a family-doctor contract (spec §5.1: the managed patients are the
 *   diagnosed residents, not the contracted ones).
 * - 规范管理: managed and face-to-face follow-ups (mode clinic or home, not phone) on that condition's
 *   form on at least `requiredFaceToFaceFollowUps(period)` DISTINCT days of the period. The spec asks
 *   for ≥4 a year; a shorter period asks for its share, rounded, at least 1: one per quarter (so a
 *   quarter's 规范管理率 is "seen face to face in the quarter"), two per half-year.
 * - 血压控制: managed (hypertension) and the most recent follow-up of the period that carries a BP,
 *   or that records the patient lost to follow-up (失访) or died, is a BP below the spec's limit
 *   (<140/90; <150/90 at ≥65 on that day: SPEC-HTN, docs/clinical-rules.md §5.6). A lost-to-follow-up record
 *   as the latest, or no follow-up at all in the period, counts as NOT controlled (spec footnote
 *   [BK]) — an earlier controlled BP does not carry over. The spec's thresholds, never the
 *   resident's own clinical target.
 * - 血糖控制: the same with the most recent FPG, controlled below 7.0 mmol/L (WYJK).
 * - screening: among ALL residents of the age on the period's last day (spec §5.1: the residents of
 *   the age in the district, not only the contracted), BP screened at ≥18, glucose and lipids at ≥35
 *   (programme rules [P]); Hcy among the diagnosed hypertensives.
 */
export interface FollowUpFact {
  on: string;
  form: string;
  mode: string;
  sbp: number | null;
  dbp: number | null;
  fpg: number | null;
  /** The record says lost to follow-up (失访) or died: no value, and the patient counts as not controlled. */
  lost: boolean;
}

export interface ResidentYearFacts {
  birthDate: string;
  contracts: { teamId: string; startsOn: string; endsOn: string; status: string }[];
  diagnoses: { condition: string; diagnosedOn: string; status: string }[];
  followUps: FollowUpFact[];
  screenings: { on: string; measures: string[] }[];
  hcyTests: string[];
}

export const figureKeys = [
  'contracted',
  'htnManaged',
  'htnSpec',
  'htnControlled',
  'htnLost',
  'dmManaged',
  'dmSpec',
  'dmControlled',
  'dmLost',
  'bpEligible',
  'bpScreened',
  'glucoseEligible',
  'glucoseScreened',
  'lipidsEligible',
  'lipidsScreened',
  'hcyEligible',
  'hcyTested',
] as const;
export type FigureKey = (typeof figureKeys)[number];
export type Figures = Record<FigureKey, number>;

export const emptyFigures = (): Figures => Object.fromEntries(figureKeys.map((k) => [k, 0])) as Figures;

export function addFigures(into: Figures, add: Partial<Figures>): Figures {
  for (const key of figureKeys) into[key] += Number(add[key] ?? 0);
  return into;
}

export const FACE_TO_FACE_MODES: readonly string[] = ['clinic', 'home'];
/** SPEC-HTN / spec §5.2 [S]: ≥4 face-to-face follow-ups a year. */
export const SPEC_FACE_TO_FACE_PER_YEAR = 4;
export const SCREENING_AGES_YEARS = { bp: 18, glucose: 35, lipids: 35 } as const; // programme rules [P]

export interface ReportPeriod {
  from: string;
  to: string;
}

export const yearBounds = (year: number): ReportPeriod => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/**
 * The spec's ≥4 a year, pro-rated to the period by its share of the year's days, rounded, at least 1:
 * a quarter (90–92 days) → 1, a half-year → 2, three quarters → 3, the year → 4.
 */
export function requiredFaceToFaceFollowUps(period: ReportPeriod): number {
  const year = Number(period.from.slice(0, 4));
  const daysInYear = calendarDaysBetween(`${year}-01-01`, `${year + 1}-01-01`);
  const days = calendarDaysBetween(period.from, period.to) + 1;
  return Math.max(1, Math.round((SPEC_FACE_TO_FACE_PER_YEAR * days) / daysInYear));
}

export function contractInPeriod(facts: ResidentYearFacts, from: string, to: string) {
  const overlapping = facts.contracts.filter((c) => c.status !== 'terminated' && c.startsOn <= to && c.endsOn >= from);
  return overlapping.sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))[0] ?? null;
}

const safeAge = (birthDate: string, on: string) => (on >= birthDate ? ageOn(birthDate, on) : 0);

/** Distinct days with a face-to-face follow-up on this form (four records on one day are one visit). */
function faceToFaceDays(followUps: readonly FollowUpFact[], form: string): number {
  return new Set(followUps.filter((x) => x.form === form && !x.lost && FACE_TO_FACE_MODES.includes(x.mode)).map((x) => x.on)).size;
}

/** The latest follow-up that carries the measure or says the patient was lost; same-day: the last given. */
function latestForControl(followUps: readonly FollowUpFact[], hasValue: (x: FollowUpFact) => boolean): FollowUpFact | null {
  return [...followUps].reverse().find((x) => x.lost || hasValue(x)) ?? null;
}

export function figuresFor(facts: ResidentYearFacts, period: ReportPeriod): Figures {
  const { from, to } = period;
  const f = emptyFigures();
  if (contractInPeriod(facts, from, to)) f.contracted = 1;
  const inPeriod = (on: string) => on >= from && on <= to;
  const diagnosed = (condition: string) => facts.diagnoses.some((d) => d.condition === condition && d.status === 'active' && d.diagnosedOn <= to);
  // Stable sort by day: same-day records keep the order they were given in (recorded order).
  const followUps = facts.followUps.filter((x) => inPeriod(x.on)).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const required = requiredFaceToFaceFollowUps(period);

  if (diagnosed('hypertension')) {
    f.htnManaged = 1;
    f.hcyEligible = 1;
    if (facts.hcyTests.some(inPeriod)) f.hcyTested = 1;
    if (faceToFaceDays(followUps, 'hypertension') >= required) f.htnSpec = 1;
    const last = latestForControl(followUps, (x) => x.sbp !== null && x.dbp !== null);
    if (!last || last.lost) f.htnLost = 1;
    else if (isBpControlledBySpec({ systolicMmHg: last.sbp!, diastolicMmHg: last.dbp! }, safeAge(facts.birthDate, last.on))) f.htnControlled = 1;
  }
  if (diagnosed('hyperglycemia')) {
    f.dmManaged = 1;
    if (faceToFaceDays(followUps, 'diabetes') >= required) f.dmSpec = 1;
    const last = latestForControl(followUps, (x) => x.fpg !== null);
    if (!last || last.lost) f.dmLost = 1;
    else if (isFastingGlucoseControlledBySpec(last.fpg!)) f.dmControlled = 1;
  }
  const age = safeAge(facts.birthDate, to);
  const screened = (measure: string) => facts.screenings.some((s) => inPeriod(s.on) && s.measures.includes(measure));
  if (age >= SCREENING_AGES_YEARS.bp) {
    f.bpEligible = 1;
    if (screened('bp')) f.bpScreened = 1;
  }
  if (age >= SCREENING_AGES_YEARS.glucose) {
    f.glucoseEligible = 1;
    if (screened('glucose')) f.glucoseScreened = 1;
  }
  if (age >= SCREENING_AGES_YEARS.lipids) {
    f.lipidsEligible = 1;
    if (screened('lipids')) f.lipidsScreened = 1;
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// The formulas in words, beside each number on the report page and in the CSV.

export type RateKey =
  | 'signingRate'
  | 'htnSpecRate'
  | 'htnControlRate'
  | 'dmSpecRate'
  | 'dmControlRate'
  | 'bpScreeningRate'
  | 'glucoseScreeningRate'
  | 'lipidsScreeningRate'
  | 'hcyScreeningRate';

export interface IndicatorFormula {
  rate: RateKey;
  label: string;
  numerator: FigureKey;
  /** null: the target population the administrator set for the team or institution. */
  denominator: FigureKey | null;
  formula: string;
}

/** The formula of each rate; `requiredFaceToFace` is `requiredFaceToFaceFollowUps` of the period shown. */
export function indicatorFormulas(requiredFaceToFace: number): IndicatorFormula[] {
  const faceToFace = requiredFaceToFace === SPEC_FACE_TO_FACE_PER_YEAR ? '全年≥4次' : `本期≥${requiredFaceToFace}次（规范每年≥4次，按本期天数折算，每季度1次）`;
  return [
    { rate: 'signingRate', label: '签约率', numerator: 'contracted', denominator: null, formula: '本期有有效签约（未解约）的居民数 ÷ 管理员设定的目标人群数' },
    { rate: 'htnSpecRate', label: '高血压规范管理率', numerator: 'htnSpec', denominator: 'htnManaged', formula: `本期按规范管理的高血压患者数 ÷ 高血压管理人数。规范 = 高血压随访表面对面随访（门诊或家庭，不含电话；同一天多次记一次）${faceToFace}。管理人数 = 本期末前确诊且未撤销诊断的高血压患者（不论是否签约）` },
    { rate: 'htnControlRate', label: '血压控制率', numerator: 'htnControlled', denominator: 'htnManaged', formula: '本期最近一次随访血压达标的患者数 ÷ 高血压管理人数。达标 = 收缩压<140且舒张压<90（65岁及以上<150/90）；本期无随访或最近一次为失访/死亡记录，计为未控制' },
    { rate: 'dmSpecRate', label: '糖尿病规范管理率', numerator: 'dmSpec', denominator: 'dmManaged', formula: `本期按规范管理的2型糖尿病患者数 ÷ 糖尿病管理人数。规范 = 糖尿病随访表面对面随访${faceToFace}` },
    { rate: 'dmControlRate', label: '血糖控制率', numerator: 'dmControlled', denominator: 'dmManaged', formula: '本期最近一次随访空腹血糖<7.0 mmol/L 的患者数 ÷ 糖尿病管理人数；无随访或最近一次为失访/死亡记录，计为未控制' },
    { rate: 'bpScreeningRate', label: '血压筛查率', numerator: 'bpScreened', denominator: 'bpEligible', formula: '本期做过血压筛查的18岁及以上居民数 ÷ 辖区18岁及以上居民数（全部建档居民，不限签约）' },
    { rate: 'glucoseScreeningRate', label: '血糖筛查率', numerator: 'glucoseScreened', denominator: 'glucoseEligible', formula: '本期做过血糖筛查的35岁及以上居民数 ÷ 辖区35岁及以上居民数' },
    { rate: 'lipidsScreeningRate', label: '血脂筛查率', numerator: 'lipidsScreened', denominator: 'lipidsEligible', formula: '本期做过血脂筛查的35岁及以上居民数 ÷ 辖区35岁及以上居民数' },
    { rate: 'hcyScreeningRate', label: '同型半胱氨酸检测率', numerator: 'hcyTested', denominator: 'hcyEligible', formula: '本期做过同型半胱氨酸检测的高血压患者数 ÷ 高血压管理人数' },
  ];
}
