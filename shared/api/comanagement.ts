/**
 * Request and response shapes of co-management (医防融合) and 双向转诊: the specialist's queue and
 * 接诊服务记录单, the team's review requests and referrals, the receiving hospital's answers, and
 * what the resident reads. Used by server/routes/comanagement.ts and miniapp/services/comanagement.ts.
 */
import { z } from 'zod';
import { reviewFlagReasons } from '../comanagement/flags';
import { planChangeKinds, visitSettings } from '../comanagement/labels';
import { institutionLevels, referralStates, referralUrgencies } from '../comanagement/referrals';
import { clientRequestId, optionalText, requiredText, sexValue } from './common';
import { calendarDay } from './formats';

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

export const reviewRequestBody = z
  .object({ clientRequestId, note: requiredText(300).describe('请专科医生看什么：病情、用药、检查结果') })
  .meta({ description: '家庭医生团队申请上级医院专科医生会诊（居民进入专科共管名单）', examples: [{ clientRequestId: 'rq-20260301-0001', note: '三联降压药血压仍 160/100，请评估是否继发性高血压' }] });
export type ReviewRequestBody = z.infer<typeof reviewRequestBody>;

export const planChange = z.object({ kind: z.enum(planChangeKinds), text: requiredText(200) });

export const specialistVisitBody = z
  .object({
    clientRequestId,
    specialistName: requiredText(30),
    department: optionalText(30),
    setting: z.enum(visitSettings).describe('online 线上会诊 / outreachRounds 下沉巡诊 / outreachClinic 基层坐诊'),
    visitedOn: calendarDay().describe('接诊日期（上海日期），不晚于今天'),
    findings: requiredText(1000).describe('病情与检查所见'),
    diagnosisReview: optionalText(500).describe('诊断复核意见'),
    planChanges: z.array(planChange).max(10).default([]).describe('治疗方案调整'),
    adviceToTeam: optionalText(500).describe('给家庭医生团队的建议'),
    adviceToResident: requiredText(500).describe('给居民的建议，用通俗的话写'),
    nextReviewOn: calendarDay().optional().describe('下次专科复诊日期，须晚于接诊日期'),
  })
  .meta({
    description: '专科医生接诊服务记录单',
    examples: [
      {
        clientRequestId: 'sv-20260302-0001',
        specialistName: '周主任',
        department: '心内科',
        setting: 'online',
        visitedOn: '2026-03-02',
        findings: '近两次随访血压 158/96、162/98，依从性好',
        planChanges: [{ kind: 'medication', text: '氨氯地平加量至 10mg 每日一次' }],
        adviceToTeam: '两周后复测血压，关注下肢水肿',
        adviceToResident: '药量加了一点，每天早上按时吃；少吃咸的，早晚各量一次血压。',
        nextReviewOn: '2026-04-02',
      },
    ],
  });
export type SpecialistVisitBody = z.infer<typeof specialistVisitBody>;

export const referralBody = z
  .object({
    clientRequestId,
    toInstitutionId: z.string().min(1).max(64).describe('接收的上级医院'),
    toDepartment: optionalText(30),
    reason: requiredText(300).describe('转诊原因'),
    urgency: z.enum(referralUrgencies).describe('routine 普通 / urgent 尽快 / emergency 紧急'),
    greenChannel: z.boolean().default(false).describe('绿色通道：签约居民优先就诊'),
  })
  .meta({ description: '上转：由家庭医生团队转往上级医院', examples: [{ clientRequestId: 'rf-20260303-0001', toInstitutionId: 'hosp-county', toDepartment: '心内科', reason: '连续两次随访血压控制不满意', urgency: 'urgent', greenChannel: true }] });
export type ReferralBody = z.infer<typeof referralBody>;

export const referralAnswerBody = z.object({ note: optionalText(200).describe('接收或不接收的说明') });
export const referralDeclineBody = z.object({ note: requiredText(200).describe('不接收的原因') });

export const referralReturnBody = z
  .object({
    outcome: requiredText(500).describe('诊疗结果'),
    planText: requiredText(500).describe('下转后的管理方案'),
    followUpWithinDays: z.number().int().min(1).max(90).describe('家庭医生团队在几天内随访'),
    adviceToResident: optionalText(300).describe('给居民的建议，用通俗的话写'),
  })
  .meta({ description: '下转：转回家庭医生团队，附诊疗结果和管理方案', examples: [{ outcome: '排除继发性高血压，调整为三联用药', planText: '氨氯地平 10mg + 缬沙坦 80mg + 氢氯噻嗪 12.5mg，每日一次', followUpWithinDays: 7, adviceToResident: '回社区后一周内找家庭医生复查血压。' }] });
export type ReferralReturnBody = z.infer<typeof referralReturnBody>;

// ── Responses ───────────────────────────────────────────────────────────────────────────────────

export const flagView = z.object({ reason: z.enum(reviewFlagReasons), label: z.string(), on: z.string(), note: z.string().nullable() });

export const caseView = z.object({
  flags: z.array(flagView),
  needsReview: z.boolean(),
  nextReviewOn: z.string().nullable(),
  lastVisitAt: z.string().nullable(),
});
export type CaseView = z.infer<typeof caseView>;

export const specialistVisitView = z.object({
  visitId: z.string(),
  residentId: z.string(),
  specialistName: z.string(),
  department: z.string().nullable(),
  hospitalName: z.string(),
  setting: z.enum(visitSettings),
  settingLabel: z.string(),
  visitedOn: z.string(),
  findings: z.string(),
  diagnosisReview: z.string().nullable(),
  planChanges: z.array(z.object({ kind: z.enum(planChangeKinds), kindLabel: z.string(), text: z.string() })),
  adviceToTeam: z.string().nullable(),
  adviceToResident: z.string(),
  nextReviewOn: z.string().nullable(),
  recordedAt: z.string(),
});
export type SpecialistVisitView = z.infer<typeof specialistVisitView>;

export const referralView = z.object({
  referralId: z.string(),
  residentId: z.string(),
  residentName: z.string(),
  institutionId: z.string(),
  teamId: z.string().nullable(),
  toInstitutionId: z.string(),
  toInstitutionName: z.string(),
  toDepartment: z.string().nullable(),
  reason: z.string(),
  urgency: z.enum(referralUrgencies),
  urgencyLabel: z.string(),
  greenChannel: z.boolean(),
  state: z.enum(referralStates),
  stateLabel: z.string(),
  referredOn: z.string(),
  answerNote: z.string().nullable(),
  returnedOn: z.string().nullable(),
  outcome: z.string().nullable(),
  plan: z.object({ text: z.string(), followUpWithinDays: z.number().int(), adviceToResident: z.string().nullable() }).nullable(),
});
export type ReferralView = z.infer<typeof referralView>;

export const referralDestination = z.object({ institutionId: z.string(), name: z.string(), level: z.enum(institutionLevels) });

/** The team's view of one resident's co-management (the doctor's resident page). */
export const teamComanagementView = z.object({
  case: caseView.nullable(),
  visits: z.array(specialistVisitView),
  referrals: z.array(referralView),
  destinations: z.array(referralDestination),
});
export type TeamComanagementView = z.infer<typeof teamComanagementView>;

export const queueEntryView = z.object({
  residentId: z.string(),
  name: z.string(),
  sex: sexValue,
  ageYears: z.number().int(),
  institutionId: z.string(),
  institutionName: z.string(),
  teamId: z.string().nullable(),
  flags: z.array(flagView),
  needsReview: z.boolean(),
  urgent: z.boolean(),
  nextReviewOn: z.string().nullable(),
  latestFlagAt: z.string(),
});
export const queueView = z.object({ today: z.string(), total: z.number().int(), residents: z.array(queueEntryView) });
export type QueueView = z.infer<typeof queueView>;

export const specialistReviewView = z.object({
  resident: z.object({ residentId: z.string(), name: z.string(), sex: sexValue, ageYears: z.number().int(), institutionName: z.string(), idNumberMasked: z.string() }),
  conditions: z.array(z.string()),
  hTypeHypertension: z.boolean(),
  case: caseView,
  followUps: z.array(
    z.object({ followUpId: z.string(), visitedOn: z.string(), mode: z.string(), classification: z.string().nullable(), systolicMmHg: z.number().nullable(), diastolicMmHg: z.number().nullable(), medications: z.array(z.string()) }),
  ),
  lastReadings: z.array(z.object({ measure: z.string(), measuredAt: z.string(), values: z.record(z.string(), z.number()), urgent: z.boolean() })),
  labResults: z.array(z.object({ labResultId: z.string(), measuredAt: z.string(), values: z.record(z.string(), z.number()) })),
  openAlerts: z.number().int(),
  visits: z.array(specialistVisitView),
  referrals: z.array(referralView),
});
export type SpecialistReviewView = z.infer<typeof specialistReviewView>;

export const referralInboxView = z.object({ referrals: z.array(referralView) });

/** What the resident (or a relative who may view) reads: the specialists' advice and their referrals, in plain words. */
export const residentAdviceView = z.object({
  visits: z.array(
    z.object({
      visitId: z.string(),
      visitedOn: z.string(),
      specialistName: z.string(),
      department: z.string().nullable(),
      hospitalName: z.string(),
      settingLabel: z.string(),
      advice: z.string(),
      planChanges: z.array(z.object({ kindLabel: z.string(), text: z.string() })),
      nextReviewOn: z.string().nullable(),
    }),
  ),
  referrals: z.array(
    z.object({
      referralId: z.string(),
      toInstitutionName: z.string(),
      toDepartment: z.string().nullable(),
      stateLabel: z.string(),
      greenChannel: z.boolean(),
      referredOn: z.string(),
      returnedOn: z.string().nullable(),
      advice: z.string().nullable(),
      followUpWithinDays: z.number().int().nullable(),
    }),
  ),
});
export type ResidentAdviceView = z.infer<typeof residentAdviceView>;
