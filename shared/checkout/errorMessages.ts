/**
 * Error codes of pharmacies, cashiers, redemption codes, checkouts, WeChat Pay and settlement, with
 * what the user reads. Merged into `shared/errors.ts`. Codes are snake_case sentences and never change.
 * (Ledger codes such as insufficient_available_points live in shared/points/errorMessages.ts.)
 */
export const checkoutErrorMessages = {
  // pharmacies and cashiers
  pharmacy_not_found: '没有找到该药店',
  pharmacy_licence_number_taken: '该药品经营许可证号已登记',
  cashier_invitation_invalid: '收银员邀请码无效，请核对后重试',
  cashier_invitation_used: '该收银员邀请码已被使用',
  cashier_invitation_expired: '收银员邀请码已过期，请联系管理员重新发放',
  // redemption codes (出示码)
  redemption_code_invalid: '出示码无效，请让居民刷新后重新扫码',
  redemption_code_expired: '出示码已过期，请让居民刷新后重新扫码',
  redemption_code_used: '出示码已使用，请让居民刷新后重新扫码',
  // checkouts
  bill_amounts_inconsistent: '金额有误：可抵扣部分不能超过个人自付部分，自付部分不能超过总金额',
  redemption_not_possible: '本单没有可抵扣的积分（未达最低抵扣额或积分不足）',
  checkout_not_found: '没有找到这笔抵扣单',
  checkout_not_awaiting_confirmation: '这笔抵扣单已不在待确认状态',
  checkout_not_awaiting_payment: '这笔抵扣单已不在待支付状态',
  checkout_not_completed: '这笔抵扣单尚未完成，不能退款',
  checkout_busy: '这笔抵扣单正在处理中，请稍后再试',
  points_exceed_offer: '抵扣积分超过了本单允许的上限',
  payment_method_conflict: '本单已选择其他支付方式',
  counter_amount_mismatch: '柜台收款金额与应付金额不一致',
  payer_openid_missing: '无法获取付款人的微信身份，请重新登录后再试',
  wechat_pay_unavailable: '微信支付暂时不可用，请稍后再试或到柜台支付',
  wechat_pay_order_rejected: '微信支付下单失败，请到柜台支付',
  // refunds
  refund_in_progress: '上一笔退款仍在处理中，请稍后再试',
  refund_window_passed: '已超过退款期限（支付后一年内）',
  refund_count_limit_reached: '该订单退款次数已达上限',
  refund_rejected_by_wechat_pay: '微信支付拒绝了这笔退款，请联系管理员',
  // WeChat Pay callbacks
  wechat_pay_notification_rejected: '通知验签失败',
  wechat_pay_notification_undecryptable: '通知解密失败',
  // settlement
  statement_not_found: '没有找到该结算单',
  statement_not_draft: '结算单已确认，不能重复确认',
  statement_not_confirmed: '结算单尚未由药店确认',
  statement_not_approved: '结算单尚未审核通过',
  settlement_period_not_closed: '该结算周期尚未结束',
  settlement_period_invalid: '结算周期格式应为 YYYY-MM',
} as const;
