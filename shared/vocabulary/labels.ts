/**
 * The programme's words, one table: every screen (resident, family, till, doctor, admin), the
 * reminder messages and the exports name a thing the same way. Issue 14 found 量血压 next to
 * 测量血压, 当面随访 next to 面对面随访 and 已超期 next to 已逾期 on neighbouring screens; the
 * choices below follow the national spec's own words (国家基本公共卫生服务规范（第三版）: 面对面随访)
 * and the plainest everyday form for the rest.
 */
import type { DueKind, DueStatus, FollowUpClassification } from '../followup/dueEngine';

/** What is due (shared/followup/dueEngine.ts). */
export const dueKindLabels: Record<DueKind, string> = {
  reFollowUp: '复查随访（2周内）',
  faceToFaceFollowUp: '面对面随访',
  phoneFollowUp: '电话随访',
  bpCheck: '测量血压',
  hcyRecheck: '复查同型半胱氨酸（抽血）',
  annualHealthCheck: '年度健康体检',
  hba1cCheck: '查糖化血红蛋白（抽血）',
  eyeExam: '糖尿病眼底检查',
  footExam: '糖尿病足部检查',
  urineAlbuminCheck: '查尿微量白蛋白（留尿）',
  egfrCheck: '查肾功能（抽血）',
  screeningRecheck: '半年复查血压、体重和腰围',
  contractRenewal: '家庭医生续约',
  medicationRefill: '长处方续药',
  referralCheck: '追踪转诊情况（2周内）',
  postReferralFollowUp: '转回后随访',
  specialistReview: '专科医生复诊',
};

/** How urgent a due item is. */
export const dueStatusLabels: Record<DueStatus, string> = {
  upcoming: '即将到期',
  due: '该办了',
  overdue: '已超期',
};

export type VisitPlace = 'clinic' | 'home' | 'phone';

/** Where a booked visit happens (what the resident chooses). */
export const placeLabels: Record<VisitPlace, string> = {
  clinic: '到社区门诊',
  home: '医生上门',
  phone: '电话随访',
};

/** How a recorded follow-up was done (what the doctor's record says). */
export const followUpModeLabels: Record<VisitPlace, string> = {
  clinic: '门诊',
  home: '上门',
  phone: '电话',
};

export const followUpFormLabels: Record<'hypertension' | 'diabetes', string> = {
  hypertension: '高血压随访',
  diabetes: '糖尿病随访',
};

export const classificationLabels: Record<FollowUpClassification, string> = {
  satisfied: '控制满意',
  unsatisfied: '控制不满意',
  adverseReaction: '不良反应',
  complication: '并发症',
};

export const followUpOutcomeLabels: Record<'visited' | 'lostToFollowUp' | 'died', string> = {
  visited: '',
  lostToFollowUp: '失访',
  died: '死亡',
};

export const contractStatusLabels: Record<'active' | 'expired' | 'terminated', string> = {
  active: '有效',
  expired: '已到期',
  terminated: '已解约',
};

/** Account roles, as a person would say them. */
export const roleLabels: Record<'resident' | 'proxy' | 'cashier' | 'doctor' | 'admin', string> = {
  resident: '居民',
  proxy: '家属代办',
  cashier: '药店收银员',
  doctor: '家庭医生团队',
  admin: '项目管理员',
};

/** What a family member may do for the resident. */
export const proxyScopeLabels: Record<'view' | 'logReadings' | 'book' | 'redeem', string> = {
  view: '查看',
  logReadings: '记录读数',
  book: '预约',
  redeem: '积分抵扣',
};

/** A value of one of these tables, or `fallback` for a code the table does not know (never the code). */
export function labelOf<K extends string>(table: Record<K, string>, code: string | null | undefined, fallback = ''): string {
  return code !== null && code !== undefined && Object.prototype.hasOwnProperty.call(table, code) ? table[code as K] : fallback;
}
