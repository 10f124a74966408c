import { identityReasonMessages } from './messages';

/**
 * Error codes of identity, consent, binding, proxies and authorization, with what the user reads.
 * Merged into `shared/errors.ts`. Codes are snake_case sentences and never change.
 */
export const identityErrorMessages = {
  ...identityReasonMessages,
  session_invalid: '登录状态无效，请重新登录',
  session_not_found: '没有找到该登录设备',
  // consent
  consent_required: '请先阅读并同意隐私保护指引和健康数据授权',
  consent_version_outdated: '协议已更新，请阅读最新版本后再同意',
  consent_not_active: '您当前没有可撤回的授权',
  // binding
  account_already_bound: '您的微信已绑定健康档案',
  account_not_bound: '请先绑定您的健康档案',
  archive_already_bound: '该健康档案已被其他微信账号绑定，请到签约机构核实',
  binding_details_not_matched: '信息与健康档案不一致，请核对姓名、身份证号和手机号，或到签约机构办理',
  binding_locked: '尝试次数过多，绑定已暂时锁定，请稍后再试或到签约机构办理',
  binding_code_invalid: '绑定码无效，请核对机构打印的绑定码',
  binding_code_expired: '绑定码已过期，请到签约机构重新打印',
  binding_code_used: '绑定码已使用过',
  phone_code_invalid: '获取手机号失败或已失效，请重新授权手机号或手动输入',
  // proxies
  invitation_code_invalid: '邀请码无效，请核对后再试',
  invitation_expired: '邀请已过期，请让家人重新生成邀请',
  invitation_already_used: '该邀请已被使用',
  invitation_for_yourself: '不能接受自己发出的邀请',
  proxy_link_already_active: '您已经是该居民的家属代办人',
  proxy_link_not_found: '没有找到该代办关系',
  proxy_link_already_revoked: '该代办关系已解除',
  proxy_cannot_be_the_resident: '代办人不能是居民本人',
  // staff and administration
  resident_not_found: '没有找到该居民的健康档案',
  account_not_found: '没有找到该账号',
} as const;
