/**
 * Stable error codes and the Chinese message a user sees for each.
 * The service sends `{ error: { code, message, details? } }`; the mini-program maps `code` back to
 * the same text, so a message is written once. Codes are snake_case sentences and never change.
 * Each domain keeps its codes in its own `errorMessages.ts`, merged here.
 */
import { checkoutErrorMessages } from './checkout/errorMessages';
import { comanagementErrorMessages } from './comanagement/errorMessages';
import { educationErrorMessages } from './education/errorMessages';
import { satisfactionErrorMessages } from './satisfaction/errorMessages';
import { followupErrorMessages } from './followup/errorMessages';
import { identityErrorMessages } from './identity/errorMessages';
import { medicationErrorMessages } from './medication/errorMessages';
import { pointsErrorMessages } from './points/errorMessages';
import { recordsErrorMessages } from './records/errorMessages';
import { reportsErrorMessages } from './reports/errorMessages';

const platformErrorMessages = {
  // transport and validation
  validation_failed: '填写的内容有误，请检查后再试',
  body_too_large: '提交的内容过大',
  unsupported_media_type: '不支持的内容格式',
  text_contains_nul: '内容里有无法识别的字符，请删除后再试',
  not_found: '没有找到您要的内容',
  method_not_allowed: '不支持这种请求方式',
  date_range_invalid: '日期范围无效：结束日期不能早于开始日期，范围也不能超过允许的天数',
  rate_limited: '操作太频繁，请稍后再试',
  internal_error: '系统开小差了，请稍后再试',
  service_unavailable: '服务暂时不可用，请稍后再试',
  // sessions and access
  session_required: '请先登录',
  session_expired: '登录已过期，请重新登录',
  access_denied: '您没有权限进行此操作',
  // WeChat
  wechat_code_invalid: '微信登录凭证无效，请重新打开小程序',
  wechat_code_used: '微信登录凭证已使用，请重新登录',
  wechat_unavailable: '微信服务暂时不可用，请稍后再试',
} as const;

/** 存折 routes (passbook, policy administration, adjustments). */
const passbookErrorMessages = {
  points_policy_version_conflict: '刚有人发布了新规则，请刷新后再试',
  points_policy_date_invalid: '生效日期格式应为 YYYY-MM-DD',
  adjustment_reason_required: '请填写调整原因',
  statement_period_invalid: '开始月份不能晚于结束月份，且最多打印 24 个月',
} as const;

export const errorMessages = {
  ...platformErrorMessages,
  ...passbookErrorMessages,
  ...pointsErrorMessages,
  ...identityErrorMessages,
  ...recordsErrorMessages,
  ...checkoutErrorMessages,
  ...followupErrorMessages,
  ...reportsErrorMessages,
  ...medicationErrorMessages,
  ...comanagementErrorMessages,
  ...educationErrorMessages,
  ...satisfactionErrorMessages,
} as const;

export type ErrorCode = keyof typeof errorMessages;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorMessages, value);
}
