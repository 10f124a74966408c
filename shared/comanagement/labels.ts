/**
 * Plain-Chinese words for co-management and 双向转诊, shared by the service (notices, CSV) and the
 * mini-program, so a resident, the team and the specialist read the same terms.
 */
import type { ReviewFlagReason } from './flags';
import type { ReferralState, ReferralUrgency } from './referrals';

export const reviewFlagLabels: Record<ReviewFlagReason, string> = {
  teamRequest: '家庭医生团队申请会诊',
  upReferral: '已上转',
  uncontrolledTwice: '连续两次随访控制不满意',
  complication: '随访发现并发症',
  urgentAlert: '家庭自测出现紧急值',
  highCardiovascularRisk: '心血管病 10 年风险高危',
};

export const visitSettings = ['online', 'outreachRounds', 'outreachClinic'] as const;
export type VisitSetting = (typeof visitSettings)[number];
export const visitSettingLabels: Record<VisitSetting, string> = {
  online: '线上会诊',
  outreachRounds: '下沉巡诊',
  outreachClinic: '基层坐诊',
};

export const planChangeKinds = ['medication', 'target', 'examination', 'lifestyle', 'followUp', 'other'] as const;
export type PlanChangeKind = (typeof planChangeKinds)[number];
export const planChangeKindLabels: Record<PlanChangeKind, string> = {
  medication: '用药调整',
  target: '控制目标',
  examination: '检查检验',
  lifestyle: '生活方式',
  followUp: '随访安排',
  other: '其他',
};

export const referralStateLabels: Record<ReferralState, string> = {
  requested: '等待上级医院接收',
  accepted: '上级医院已接收',
  declined: '上级医院未接收',
  returned: '已转回家庭医生团队',
  cancelled: '已撤销',
};

export const referralUrgencyLabels: Record<ReferralUrgency, string> = {
  routine: '普通',
  urgent: '尽快（3 日内）',
  emergency: '紧急',
};
