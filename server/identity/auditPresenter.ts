import type { ResidentAction } from '../authz/can';
import type { AuditEntryDoc } from '../models/auditEntry';

/**
 * Chinese labels for what residents read in "谁查看或代办了我的信息" and 家人代办记录: every resident
 * action has one (the compiler checks), so a raw code never reaches the screen.
 */
export const actionLabels: Record<ResidentAction, string> & Record<string, string> = {
  'resident.profile.read': '查看了档案信息',
  'resident.records.read': '查看了健康记录',
  'resident.records.export': '导出了健康记录',
  'resident.points.read': '查看了积分存折',
  'resident.points.print': '打印了积分明细',
  'resident.points.adjust': '更正了积分',
  'resident.followups.read': '查看了随访和待办',
  'resident.followups.record': '登记了随访记录',
  'resident.reminders.read': '查看了提醒',
  'resident.notices.read': '查看了通知',
  'resident.alerts.manage': '处理了预警',
  'resident.archive.write': '更新了健康档案',
  'resident.proxies.manage': '管理了家人代办',
  'resident.readings.write': '记录了自测数据',
  'resident.followups.book': '预约了随访',
  'resident.points.redeem': '使用了积分抵扣',
  'resident.auditLog.read': '查看了访问记录',
  'resident.identity.readFull': '查看了完整身份证号和手机号',
  'resident.bindingCode.issue': '打印了绑定码',
  'resident.proxyLink.createInPerson': '现场核验后添加了代办人',
  'resident.phone.reveal': '查看了手机号（电话联系）',
  'resident.contracts.record': '办理了家庭医生签约',
  'resident.screenings.record': '登记了筛查或化验结果',
  'resident.riskFactors.record': '登记了心血管病风险因素',
  'resident.summary.read': '查看了健康概况',
  'resident.comanagement.read': '查看了专科共管和转诊记录',
  'resident.comanagement.request': '申请了专科医生会诊',
  'resident.comanagement.review': '专科医生查看了健康档案以便会诊',
  'resident.specialistVisits.record': '专科医生填写了接诊服务记录单',
  'resident.referrals.create': '办理了上转（转诊）',
  'referral.respond': '上级医院处理了转诊',
  'referral.cancel': '撤销了转诊',
  'resident.education.read': '查看了健康教育内容',
  'resident.education.assign': '推荐了健康教育内容',
  'resident.education.complete': '完成了健康学习',
  'resident.surveys.answer': '填写了服务评价',
  'resident.doses.record': '记录了服药情况',
  'resident.medicationPlans.record': '制定或调整了用药计划',
  'resident.meters.sync': '同步了家用血压计或血糖仪的读数',
  'resident.familyNotices.read': '查看了健康通知',
  'resident.familySharing.manage': '更改了与家属分享的内容',
  'resident.weeklySummary.read': '查看了每周小结',
  'resident.familySharing.update': '更改了与家属分享的内容',
  'resident.archive.bound': '绑定了健康档案',
  'resident.consent.withdrawn': '撤回了授权',
  'proxy.link.accepted': '接受了代办邀请',
  'proxy.link.revoked': '解除了代办关系',
};

/** An action nobody labelled yet still reads as words, never as its code. */
export const unlabelledAction = '查看或办理了其他事项';

const actorLabels: Record<string, string> = {
  resident: '本人',
  proxy: '家人',
  cashier: '药店收银员',
  doctor: '家庭医生团队',
  specialist: '上级医院专科医生',
  admin: '项目管理员',
  integration: '医疗机构系统',
  system: '系统',
};

type Entry = AuditEntryDoc & { _id: unknown };

export function presentAuditEntry(entry: Entry) {
  return {
    id: String(entry._id),
    at: entry.at,
    actorKind: entry.actor.kind,
    actorLabel: actorLabels[entry.actor.kind] ?? '其他人员',
    actorAccountId: entry.actor.accountId ? String(entry.actor.accountId) : null,
    proxyLinkId: entry.actor.proxyLinkId ? String(entry.actor.proxyLinkId) : null,
    subjectResidentId: entry.subjectResidentId ? String(entry.subjectResidentId) : null,
    action: entry.action,
    // Never the code itself: residents read this list (issue 14).
    actionLabel: actionLabels[entry.action] ?? unlabelledAction,
    requestId: entry.requestId,
  };
}
