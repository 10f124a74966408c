/**
 * Plain-Chinese text for each ledger reason code, as the resident reads it on the statement
 * (每一笔: date, reason, +/−, running balance). A code is stored on the entry and never changes;
 * only its label may be reworded here.
 */
import { dayText } from '../vocabulary/dates';
import type { EarnEventType } from './policy';

export const adjustReasonCodes = ['correction', 'missed_earning', 'duplicate_earning', 'late_refund', 'other'] as const;
export type AdjustReasonCode = (typeof adjustReasonCodes)[number];

const earnLabels: Record<EarnEventType, string> = {
  contractSigned: '签约家庭医生',
  contractRenewed: '续签家庭医生',
  faceToFaceFollowUp: '参加面对面随访',
  phoneFollowUp: '完成电话随访',
  screeningBp: '完成血压筛查',
  screeningGlucose: '完成血糖筛查',
  screeningLipids: '完成血脂筛查',
  hcyTest: '完成同型半胱氨酸检测',
  folateCourseCompleted: '完成叶酸疗程并复查',
  healthEducation: '参加健康教育活动',
  homeReading: '记录家庭自测数据',
  quarterlyAtTarget: '季度指标达标奖励',
  medicationAdherenceWeek: '按时服药满一周',
};

export const reasonLabels: Record<string, string> = {
  ...Object.fromEntries(Object.entries(earnLabels).map(([type, label]) => [`earn_${type}`, label])),
  redemption_hold: '药店抵扣（积分冻结中）',
  redemption_capture: '药店购药抵扣',
  redemption_partial_release: '药店抵扣未用完，积分解冻',
  redemption_released: '抵扣取消，积分解冻',
  redemption_hold_expired: '抵扣超时未支付，积分解冻',
  redemption_refund: '退款退回积分',
  points_expired: '积分到期失效',
  adjust_correction: '管理员更正',
  adjust_missed_earning: '补发漏记积分',
  adjust_duplicate_earning: '扣回重复发放的积分',
  adjust_late_refund: '退款补记',
  adjust_other: '管理员调整',
};

/** The label for a code; an unknown code falls back to a neutral text rather than the raw code. */
export function reasonLabel(reasonCode: string, cappedPoints = 0): string {
  const label = reasonLabels[reasonCode] ?? '积分变动';
  return cappedPoints > 0 ? `${label}（已达上限，${cappedPoints} 积分未计入）` : label;
}

/** "N 积分将于 2026年12月31日到期" (with the year: points live across year ends). */
export function expiringText(points: number, lastDay: string): string {
  return `${points} 积分将于 ${dayText(lastDay, { withYear: true })}到期`;
}
