import type { AuditEntryDoc } from '../models/auditEntry';

/** Chinese labels for what residents read in "谁查看或代办了我的信息". */
const actionLabels: Record<string, string> = {
  'resident.profile.read': '查看了档案信息',
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
  'resident.summary.read': '查看了健康概况',
  'resident.archive.bound': '绑定了健康档案',
  'resident.consent.withdrawn': '撤回了授权',
  'proxy.link.accepted': '接受了代办邀请',
  'proxy.link.revoked': '解除了代办关系',
};

const actorLabels: Record<string, string> = {
  resident: '本人',
  proxy: '家属代办人',
  cashier: '药店收银员',
  doctor: '家庭医生团队',
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
    actorLabel: actorLabels[entry.actor.kind] ?? entry.actor.kind,
    actorAccountId: entry.actor.accountId ? String(entry.actor.accountId) : null,
    proxyLinkId: entry.actor.proxyLinkId ? String(entry.actor.proxyLinkId) : null,
    subjectResidentId: entry.subjectResidentId ? String(entry.subjectResidentId) : null,
    action: entry.action,
    actionLabel: actionLabels[entry.action] ?? entry.action,
    requestId: entry.requestId,
  };
}
