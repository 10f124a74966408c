import { isBpControlledBySpec, isFastingGlucoseControlledBySpec } from '../../shared/clinical';
import { ageOn } from '../../shared/identity/age';

/**
 * The report formulas (docs/clinical-rules.md §5.6), as pure functions over one resident's facts of a year.
 * Every figure is 0 or 1 per resident; a report sums them, so the rates are sums ÷ sums.
 *
 * - contracted: a contract (not terminated) overlapping the period.
 * - managed (高血压 / 糖尿病): contracted and an active diagnosis (hypertension / hyperglycemia)
 *   made on or before the period's end.
 * - 规范管理: managed and ≥ 4 face-to-face follow-ups (mode clinic or home, not phone) on that
 *   condition's form within the period.
 * - 血压控制: managed (hypertension) and the MOST RECENT follow-up in the period that carries a BP
 *   has SBP < 140 and DBP < 90, or < 150 / < 90 when the resident is ≥ 65 on that follow-up's date.
 *   No follow-up BP in the period (lost to follow-up) = not controlled. The spec's thresholds, never
 *   the resident's own clinical targets.
 * - 血糖控制: managed (diabetes) and the most recent follow-up FPG in the period < 7.0 mmol/L.
 * - screening: among contracted residents, BP screened if ≥ 18, glucose and lipids if ≥ 35 (age on
 *   the period's last day); Hcy among the eligible = contracted with diagnosed hypertension.
 */
export interface FollowUpFact { on: string; form: string; mode: string; sbp: number | null; dbp: number | null; fpg: number | null }
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

export const FACE_TO_FACE_MODES = ['clinic', 'home'];
export const SPEC_MIN_FACE_TO_FACE = 4;


export function contractInPeriod(facts: ResidentYearFacts, from: string, to: string) {
  const overlapping = facts.contracts.filter((c) => c.status !== 'terminated' && c.startsOn <= to && c.endsOn >= from);
  return overlapping.sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))[0] ?? null;
}

const safeAge = (birthDate: string, on: string) => (on >= birthDate ? ageOn(birthDate, on) : 0);

export function figuresFor(facts: ResidentYearFacts, from: string, to: string): Figures {
  const f = emptyFigures();
  if (!contractInPeriod(facts, from, to)) return f;
  f.contracted = 1;
  const inPeriod = (on: string) => on >= from && on <= to;
  const diagnosed = (condition: string) => facts.diagnoses.some((d) => d.condition === condition && d.status === 'active' && d.diagnosedOn <= to);
  const followUps = facts.followUps.filter((x) => inPeriod(x.on)).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

  if (diagnosed('hypertension')) {
    f.htnManaged = 1;
    f.hcyEligible = 1;
    if (facts.hcyTests.some(inPeriod)) f.hcyTested = 1;
    const faceToFace = followUps.filter((x) => x.form === 'hypertension' && FACE_TO_FACE_MODES.includes(x.mode)).length;
    if (faceToFace >= SPEC_MIN_FACE_TO_FACE) f.htnSpec = 1;
    const last = [...followUps].reverse().find((x) => x.sbp !== null && x.dbp !== null);
    if (!last) f.htnLost = 1;
    else if (isBpControlledBySpec({ systolicMmHg: last.sbp!, diastolicMmHg: last.dbp! }, safeAge(facts.birthDate, last.on))) f.htnControlled = 1;
  }
  if (diagnosed('hyperglycemia')) {
    f.dmManaged = 1;
    const faceToFace = followUps.filter((x) => x.form === 'diabetes' && FACE_TO_FACE_MODES.includes(x.mode)).length;
    if (faceToFace >= SPEC_MIN_FACE_TO_FACE) f.dmSpec = 1;
    const last = [...followUps].reverse().find((x) => x.fpg !== null);
    if (!last) f.dmLost = 1;
    else if (isFastingGlucoseControlledBySpec(last.fpg!)) f.dmControlled = 1;
  }
  const age = safeAge(facts.birthDate, to);
  const screened = (measure: string) => facts.screenings.some((s) => inPeriod(s.on) && s.measures.includes(measure));
  if (age >= 18) {
    f.bpEligible = 1;
    if (screened('bp')) f.bpScreened = 1;
  }
  if (age >= 35) {
    f.glucoseEligible = 1;
    f.lipidsEligible = 1;
    if (screened('glucose')) f.glucoseScreened = 1;
    if (screened('lipids')) f.lipidsScreened = 1;
  }
  return f;
}

export const yearBounds = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });
