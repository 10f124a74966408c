/**
 * Due-date engine: what a resident must do next (follow-ups, checks, tests, renewal) and by when.
 * docs/clinical-rules.md §4, §5.2, §5.4; docs/domain.md §6.2. Pure: same input → same list, in a
 * stable order.
 *
 * All dates are Shanghai calendar days. Intervals are measured in calendar months from the last
 * qualifying event, with month-end clamping (last 2028-01-31 + 1 month → due 2028-02-29):
 *
 * | kind               | counted from (latest of)                                   | interval   |
 * |--------------------|------------------------------------------------------------|------------|
 * | phoneFollowUp      | any follow-up, any mode (a visit also covers the month's call) | 1 month |
 * | faceToFaceFollowUp | clinic or home follow-up                                    | 3 months   |
 * | reFollowUp         | the latest follow-up, if unsatisfied/adverse/complication   | 14 days    |
 * | bpCheck (H-type)   | lastBpCheckOn (screening or home BP) or a clinic/home follow-up | 1 month |
 * | hcyRecheck (H-type)| lastHcyTestOn                                               | 36 months  |
 * | hcyRecheck (folate)| each course's startedOn, until it has recheckedOn           | 3 months   |
 * | annualHealthCheck  | lastAnnualCheckOn                                           | 12 months  |
 * | hba1cCheck (DM)    | the latest HbA1c: 3 months while ≥7.0 %, 6 months once <7.0 % | 3 / 6 months |
 * | eyeExam, footExam, urineAlbuminCheck, egfrCheck (DM) | the latest of each          | 12 months  |
 * | screeningRecheck   | a screening that found a risk, for a resident without hypertension | 6 months |
 * | contractRenewal    | listed from 30 days before endsOn; due by endsOn            | —          |
 * | medicationRefill   | a long prescription's supply runs out (shared/medication)   | —          |
 * | referralCheck      | an up-referral still open (not declined, cancelled or returned) | 14 days |
 * | postReferralFollowUp | the down-referral, until a follow-up on or after it       | the plan's days (default 14) |
 * | specialistReview   | the specialist's latest 接诊服务记录单: its next review date    | —          |
 *
 * HbA1c: T2DM20 via docs/clinical-rules.md §2 ("every 3 months until at target, then every 6 months" [BK];
 * target <7.0 %). The diabetic annual complication screening (retina, feet, urine albumin/creatinine
 * ratio, eGFR): T2DM20 [S2], once a year. Screening follow-up: SPEC-HTN [S], docs/clinical-rules.md §5.1
 * (shared/clinical/screeningRisk.ts says which screening values are a risk).
 *
 * With no qualifying event on record the first due date is counted from the contract start
 * (the programme's enrolment date); with no contract either, it is due today. An H-type resident
 * with no Hcy test on record is due a test today (3 years from enrolment would be lax).
 * Follow-ups dated after today are ignored (data entry can run ahead; they have not happened).
 */
import { isHba1cAtTarget } from '../clinical/glucose';
import {
  addCalendarDays,
  addCalendarMonths,
  ageInYearsOn,
  calendarDaysBetween,
  shanghaiDate,
  toInstant,
  type CalendarDay,
  type Instant,
} from '../time/shanghai';

export type Condition = 'hypertension' | 'hyperglycemia' | 'dyslipidemia' | 'hyperhomocysteinemia';
export type FollowUpMode = 'clinic' | 'home' | 'phone';
export type FollowUpClassification = 'satisfied' | 'unsatisfied' | 'adverseReaction' | 'complication';
export type ContractStatus = 'active' | 'expired' | 'terminated';

/** A date may be a Shanghai calendar day 'YYYY-MM-DD' or an instant (converted to its Shanghai day). */
export type DateInput = Instant;

export interface FollowUpRecord {
  id: string;
  date: DateInput;
  mode: FollowUpMode;
  /** null: neither recorded nor derivable (shared/followup/classification.ts); triggers nothing. */
  classification: FollowUpClassification | null;
}

export interface DueEngineInput {
  today: Date;
  birthDate?: DateInput;
  conditions: Condition[];
  hTypeHypertension: boolean;
  contract?: { startsOn: DateInput; endsOn: DateInput; status: ContractStatus };
  followUps: FollowUpRecord[];
  lastHcyTestOn?: DateInput;
  folateCourses: Array<{ startedOn: DateInput; recheckedOn?: DateInput }>;
  lastAnnualCheckOn?: DateInput;
  lastBpCheckOn?: DateInput;
  /** The latest HbA1c (diabetes). */
  lastHba1c?: { on: DateInput; percent: number };
  /** The latest of each part of the diabetic annual complication screening. */
  lastComplicationScreening?: Partial<Record<ComplicationScreeningKind, DateInput>>;
  /** The latest screening, with the risks it found (none: nothing to re-measure). */
  lastScreening?: { on: DateInput; riskFound: boolean };
  /** The days active long prescriptions (长处方) run out (shared/medication/courses.ts refillDueOn). */
  medicationRefillsDueOn?: DateInput[];
  /** Up-referrals (双向转诊) with their down-referral plans, oldest or newest first (any order). */
  referrals?: ReferralForDue[];
  /** The next review the specialist set on their latest 接诊服务记录单, if any. */
  specialistNextReviewOn?: DateInput;
}

/**
 * An up-referral as the due engine needs it: `open` while the receiving institution has not
 * declined it and the team has not cancelled it; `returnedOn` once it came back down with a plan.
 */
export interface ReferralForDue {
  referredOn: DateInput;
  open: boolean;
  returnedOn?: DateInput;
  /** The down-referral plan: the team follows the resident up within this many days. */
  followUpWithinDays?: number;
}

export type ComplicationScreeningKind = 'eyeExam' | 'footExam' | 'urineAlbuminCheck' | 'egfrCheck';
export const complicationScreeningKinds: readonly ComplicationScreeningKind[] = ['eyeExam', 'footExam', 'urineAlbuminCheck', 'egfrCheck'];

export type DueKind =
  | 'reFollowUp'
  | 'faceToFaceFollowUp'
  | 'phoneFollowUp'
  | 'bpCheck'
  | 'hcyRecheck'
  | 'annualHealthCheck'
  | 'hba1cCheck'
  | ComplicationScreeningKind
  | 'screeningRecheck'
  | 'contractRenewal'
  | 'medicationRefill'
  | 'referralCheck'
  | 'postReferralFollowUp'
  | 'specialistReview';

export type DueStatus = 'upcoming' | 'due' | 'overdue';

export type DueReason =
  | 'one_month_since_last_follow_up'
  | 'three_months_since_last_face_to_face_follow_up'
  | 'face_to_face_follow_up_also_covers_monthly_contact'
  | 'fourteen_days_since_unsatisfied_follow_up'
  | 'fourteen_days_since_adverse_reaction_follow_up'
  | 'fourteen_days_since_complication_follow_up'
  | 'one_month_since_last_bp_check_for_h_type_hypertension'
  | 'three_years_since_last_hcy_test_for_h_type_hypertension'
  | 'three_months_since_folate_course_started'
  | 'twelve_months_since_last_annual_health_check'
  | 'three_months_since_hba1c_not_at_target'
  | 'six_months_since_hba1c_at_target'
  | 'twelve_months_since_last_complication_screening'
  | 'six_months_since_screening_found_risk'
  | 'contract_ends_within_30_days'
  | 'contract_expired'
  | 'long_prescription_supply_runs_out'
  | 'first_due_counted_from_contract_start'
  | 'none_on_record_due_today'
  | 'fourteen_days_since_referral'
  | 'down_referral_plan_follow_up'
  | 'specialist_review_date';

export interface DueItem {
  /** Stable reference for bookings: `${kind}:${dueBy}`. */
  key: string;
  kind: DueKind;
  dueBy: CalendarDay;
  status: DueStatus;
  reason: DueReason;
  /** Set on reFollowUp when the spec requires referral upward (docs/clinical-rules.md §5.4). */
  referralFlag?: true;
}

/** Days before dueBy (inclusive) during which an item shows as 'due' rather than 'upcoming'. */
export const DUE_WINDOW_DAYS = 7;
/** A contract renewal is listed from this many days before the contract's end date. */
export const CONTRACT_RENEWAL_LEAD_DAYS = 30;
export const RE_FOLLOW_UP_DAYS = 14;
export const PHONE_FOLLOW_UP_INTERVAL_MONTHS = 1;
export const FACE_TO_FACE_INTERVAL_MONTHS = 3;
export const BP_CHECK_INTERVAL_MONTHS = 1;
export const HCY_RECHECK_INTERVAL_MONTHS = 36;
export const FOLATE_RECHECK_AFTER_MONTHS = 3;
export const ANNUAL_CHECK_INTERVAL_MONTHS = 12;
/** Residents this old get the annual check under 老年人健康管理 even without a condition. */
export const ANNUAL_CHECK_AGE_YEARS = 65;
export const HBA1C_INTERVAL_MONTHS = { notAtTarget: 3, atTarget: 6 } as const;
export const COMPLICATION_SCREENING_INTERVAL_MONTHS = 12;
export const SCREENING_RECHECK_AFTER_MONTHS = 6;
/** docs/clinical-rules.md §5.4: check on a referral actively within 2 weeks (the spec, not G25's 2–4). */
export const REFERRAL_CHECK_DAYS = 14;
/** A down-referral whose plan names no interval: the team sees the resident within 2 weeks. */
export const POST_REFERRAL_FOLLOW_UP_DAYS = 14;

/** Output order for items with the same dueBy: the stricter, clinical items first. */
const kindOrder: readonly DueKind[] = [
  'reFollowUp',
  'faceToFaceFollowUp',
  'phoneFollowUp',
  'bpCheck',
  'hcyRecheck',
  'hba1cCheck',
  'eyeExam',
  'footExam',
  'urineAlbuminCheck',
  'egfrCheck',
  'screeningRecheck',
  'medicationRefill',
  'annualHealthCheck',
  'contractRenewal',
  'referralCheck',
  'postReferralFollowUp',
  'specialistReview',
];

interface Candidate {
  kind: DueKind;
  dueBy: CalendarDay;
  reason: DueReason;
  referralFlag?: true;
}

export function dueItems(input: DueEngineInput): DueItem[] {
  const today = shanghaiDate(toInstant(input.today));
  const contractStart = input.contract ? dayOf(input.contract.startsOn) : undefined;
  const followUps = input.followUps
    .map((f) => ({ ...f, day: dayOf(f.date) }))
    .filter((f) => f.day <= today)
    // Same-day records keep their input order after the sort, so "latest" is the last given.
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const managed = input.conditions.length > 0 || input.hTypeHypertension;
  const candidates: Candidate[] = [];

  // Measures from the latest day, else from the contract start, else due today.
  const intervalRule = (
    kind: DueKind,
    lastDay: CalendarDay | undefined,
    months: number,
    reason: DueReason,
    firstDueFromContract = true,
  ): Candidate => {
    if (lastDay !== undefined) return { kind, dueBy: addCalendarMonths(lastDay, months), reason };
    if (firstDueFromContract && contractStart !== undefined) {
      return { kind, dueBy: addCalendarMonths(contractStart, months), reason: 'first_due_counted_from_contract_start' };
    }
    return { kind, dueBy: today, reason: 'none_on_record_due_today' };
  };

  if (managed) {
    const lastAny = followUps.at(-1);
    const lastVisit = followUps.filter((f) => f.mode !== 'phone').at(-1);
    candidates.push(
      intervalRule('phoneFollowUp', lastAny?.day, PHONE_FOLLOW_UP_INTERVAL_MONTHS, 'one_month_since_last_follow_up'),
      intervalRule(
        'faceToFaceFollowUp',
        lastVisit?.day,
        FACE_TO_FACE_INTERVAL_MONTHS,
        'three_months_since_last_face_to_face_follow_up',
      ),
    );
    const reFollowUp = reFollowUpFor(followUps);
    // Once the team has referred the resident up after that follow-up, checking on the referral
    // (below) is the 2-week follow-up the spec asks for.
    const referred = reFollowUp?.referralFlag && (input.referrals ?? []).some((r) => (r.open || r.returnedOn !== undefined) && dayOf(r.referredOn) >= followUps.at(-1)!.day);
    if (reFollowUp && !referred) candidates.push(reFollowUp);

    if (input.hTypeHypertension) {
      const lastBp = latest([optionalDay(input.lastBpCheckOn), lastVisit?.day]);
      candidates.push(
        intervalRule('bpCheck', lastBp, BP_CHECK_INTERVAL_MONTHS, 'one_month_since_last_bp_check_for_h_type_hypertension'),
        intervalRule(
          'hcyRecheck',
          optionalDay(input.lastHcyTestOn),
          HCY_RECHECK_INTERVAL_MONTHS,
          'three_years_since_last_hcy_test_for_h_type_hypertension',
          // No test on record means no baseline at all: waiting 3 years from enrolment would be lax.
          false,
        ),
      );
    }
  }

  if (input.conditions.includes('hyperglycemia')) {
    const hba1c = input.lastHba1c;
    const atTarget = hba1c !== undefined && isHba1cAtTarget(hba1c.percent);
    candidates.push(
      intervalRule(
        'hba1cCheck',
        hba1c ? dayOf(hba1c.on) : undefined,
        atTarget ? HBA1C_INTERVAL_MONTHS.atTarget : HBA1C_INTERVAL_MONTHS.notAtTarget,
        atTarget ? 'six_months_since_hba1c_at_target' : 'three_months_since_hba1c_not_at_target',
      ),
      ...complicationScreeningKinds.map((kind) =>
        intervalRule(kind, optionalDay(input.lastComplicationScreening?.[kind]), COMPLICATION_SCREENING_INTERVAL_MONTHS, 'twelve_months_since_last_complication_screening'),
      ),
    );
  }

  // Screening follow-up of a resident not (yet) diagnosed: the latest screening found a risk.
  if (!input.conditions.includes('hypertension') && input.lastScreening?.riskFound) {
    candidates.push({ kind: 'screeningRecheck', dueBy: addCalendarMonths(dayOf(input.lastScreening.on), SCREENING_RECHECK_AFTER_MONTHS), reason: 'six_months_since_screening_found_risk' });
  }

  // A folate course needs its re-check whatever the listed conditions say.
  for (const course of input.folateCourses) {
    if (course.recheckedOn !== undefined) continue;
    candidates.push({
      kind: 'hcyRecheck',
      dueBy: addCalendarMonths(dayOf(course.startedOn), FOLATE_RECHECK_AFTER_MONTHS),
      reason: 'three_months_since_folate_course_started',
    });
  }

  for (const dueOn of input.medicationRefillsDueOn ?? []) {
    candidates.push({ kind: 'medicationRefill', dueBy: dayOf(dueOn), reason: 'long_prescription_supply_runs_out' });
  }

  const contractActive = input.contract?.status === 'active';
  const elderly =
    input.birthDate !== undefined && ageInYearsOn(dayOf(input.birthDate), today) >= ANNUAL_CHECK_AGE_YEARS;
  if (managed || contractActive || elderly) {
    candidates.push(
      intervalRule(
        'annualHealthCheck',
        optionalDay(input.lastAnnualCheckOn),
        ANNUAL_CHECK_INTERVAL_MONTHS,
        'twelve_months_since_last_annual_health_check',
      ),
    );
  }

  const renewal = contractRenewalFor(input.contract, today);
  if (renewal) candidates.push(renewal);
  candidates.push(...referralItemsFor(input.referrals ?? [], followUps));
  if (input.specialistNextReviewOn !== undefined) {
    candidates.push({ kind: 'specialistReview', dueBy: dayOf(input.specialistNextReviewOn), reason: 'specialist_review_date' });
  }

  return finalize(mergeContactItems(earliestPerKind(candidates)), today);
}

/**
 * docs/clinical-rules.md §5.4: after an unsatisfied or adverse-reaction follow-up, re-follow-up
 * within 2 weeks; a complication, or two consecutive uncontrolled follow-ups, means referral upward
 * plus an active follow-up of the referral within 2 weeks. Only the latest follow-up triggers: a
 * later follow-up of any mode is the re-follow-up.
 */
function reFollowUpFor(followUps: ReadonlyArray<{ day: CalendarDay; classification: FollowUpClassification | null }>): Candidate | undefined {
  const last = followUps.at(-1);
  if (!last || last.classification === 'satisfied' || last.classification === null) return undefined;
  const reason: DueReason =
    last.classification === 'unsatisfied'
      ? 'fourteen_days_since_unsatisfied_follow_up'
      : last.classification === 'adverseReaction'
        ? 'fourteen_days_since_adverse_reaction_follow_up'
        : 'fourteen_days_since_complication_follow_up';
  const candidate: Candidate = { kind: 'reFollowUp', dueBy: addCalendarDays(last.day, RE_FOLLOW_UP_DAYS), reason };
  if (referralReasonOf(followUps)) candidate.referralFlag = true;
  return candidate;
}

export type ReferralReason = 'complication' | 'uncontrolledTwice';

/**
 * docs/clinical-rules.md §5.4: why the latest follow-up (in date order) calls for referral upward —
 * a complication, or it and the one before both uncontrolled (不满意 or 并发症) — else null. The due
 * engine flags its re-follow-up with it; the co-management queue flags the specialist with it.
 */
export function referralReasonOf(followUps: ReadonlyArray<{ classification: FollowUpClassification | null }>): ReferralReason | null {
  const last = followUps.at(-1)?.classification;
  const previous = followUps.at(-2)?.classification;
  const uncontrolled = (c: FollowUpClassification | null | undefined): boolean => c === 'unsatisfied' || c === 'complication';
  if (last === 'complication') return 'complication';
  return uncontrolled(last) && uncontrolled(previous) ? 'uncontrolledTwice' : null;
}

/**
 * 双向转诊: an open up-referral is checked on within 2 weeks of being made; one that came back down
 * is followed up by the team within its plan's days, until a follow-up on or after that day.
 */
function referralItemsFor(referrals: readonly ReferralForDue[], followUps: ReadonlyArray<{ day: CalendarDay }>): Candidate[] {
  const lastFollowUp = followUps.at(-1)?.day;
  const items: Candidate[] = [];
  for (const referral of referrals) {
    if (referral.returnedOn !== undefined) {
      const returnedOn = dayOf(referral.returnedOn);
      if (lastFollowUp !== undefined && lastFollowUp >= returnedOn) continue;
      const days = referral.followUpWithinDays ?? POST_REFERRAL_FOLLOW_UP_DAYS;
      items.push({ kind: 'postReferralFollowUp', dueBy: addCalendarDays(returnedOn, days), reason: 'down_referral_plan_follow_up' });
    } else if (referral.open) {
      items.push({ kind: 'referralCheck', dueBy: addCalendarDays(dayOf(referral.referredOn), REFERRAL_CHECK_DAYS), reason: 'fourteen_days_since_referral' });
    }
  }
  return items;
}

function contractRenewalFor(contract: DueEngineInput['contract'], today: CalendarDay): Candidate | undefined {
  if (!contract || contract.status === 'terminated') return undefined;
  const endsOn = dayOf(contract.endsOn);
  if (contract.status === 'expired' || today > endsOn) {
    return { kind: 'contractRenewal', dueBy: endsOn, reason: 'contract_expired' };
  }
  if (calendarDaysBetween(today, endsOn) > CONTRACT_RENEWAL_LEAD_DAYS) return undefined;
  return { kind: 'contractRenewal', dueBy: endsOn, reason: 'contract_ends_within_30_days' };
}

/** The strictest rule wins: per kind, the earliest dueBy; ties keep the first rule listed. */
function earliestPerKind(candidates: Candidate[]): Map<DueKind, Candidate> {
  const byKind = new Map<DueKind, Candidate>();
  for (const candidate of candidates) {
    const current = byKind.get(candidate.kind);
    if (!current || candidate.dueBy < current.dueBy) byKind.set(candidate.kind, candidate);
  }
  return byKind;
}

/**
 * One contact covers the month's phone follow-up:
 * - a pending re-follow-up is always earlier than the phone call (14 days < 1 month from the same
 *   follow-up) and resets its clock, so the phone item is dropped; so does checking on a referral,
 *   or the follow-up after a down-referral, due no later than the call;
 * - a face-to-face follow-up due in the same calendar month as the phone call, or earlier, absorbs
 *   it; the visit then takes the earlier of the two dates so the month is still covered in time.
 */
function mergeContactItems(byKind: Map<DueKind, Candidate>): Candidate[] {
  const phone = byKind.get('phoneFollowUp');
  const visit = byKind.get('faceToFaceFollowUp');
  const contactFirst = (['referralCheck', 'postReferralFollowUp'] as const).some((kind) => phone && (byKind.get(kind)?.dueBy ?? '9999') <= phone.dueBy);
  if (phone && (byKind.has('reFollowUp') || contactFirst)) {
    byKind.delete('phoneFollowUp');
  } else if (phone && visit && visit.dueBy.slice(0, 7) <= phone.dueBy.slice(0, 7)) {
    byKind.delete('phoneFollowUp');
    if (phone.dueBy < visit.dueBy) {
      byKind.set('faceToFaceFollowUp', {
        kind: 'faceToFaceFollowUp',
        dueBy: phone.dueBy,
        reason: 'face_to_face_follow_up_also_covers_monthly_contact',
      });
    }
  }
  return [...byKind.values()];
}

function finalize(candidates: Candidate[], today: CalendarDay): DueItem[] {
  return candidates
    .map((c): DueItem => {
      const item: DueItem = {
        key: `${c.kind}:${c.dueBy}`,
        kind: c.kind,
        dueBy: c.dueBy,
        status: statusOf(c.dueBy, today),
        reason: c.reason,
      };
      if (c.referralFlag) item.referralFlag = true;
      return item;
    })
    .sort((a, b) =>
      a.dueBy !== b.dueBy ? (a.dueBy < b.dueBy ? -1 : 1) : kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind),
    );
}

/** 'overdue' once today is past dueBy; 'due' from DUE_WINDOW_DAYS before dueBy through dueBy. */
export function statusOf(dueBy: CalendarDay, today: CalendarDay): DueStatus {
  if (today > dueBy) return 'overdue';
  return calendarDaysBetween(today, dueBy) <= DUE_WINDOW_DAYS ? 'due' : 'upcoming';
}

function dayOf(value: DateInput): CalendarDay {
  return shanghaiDate(value);
}

function optionalDay(value: DateInput | undefined): CalendarDay | undefined {
  return value === undefined ? undefined : dayOf(value);
}

function latest(days: Array<CalendarDay | undefined>): CalendarDay | undefined {
  let result: CalendarDay | undefined;
  for (const day of days) if (day !== undefined && (result === undefined || day > result)) result = day;
  return result;
}
