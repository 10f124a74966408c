/**
 * Error codes of the integration API, home readings, alerts and the records read API, with what
 * the user (or the clinic system's operator) reads. Merged into `shared/errors.ts`. Codes are
 * snake_case sentences and never change.
 */
export const recordsErrorMessages = {
  // integration API: signed requests (401)
  integration_signature_missing: '缺少签名信息（X-Client-Id、X-Timestamp、X-Nonce、X-Signature）',
  integration_client_unknown: '接入方编号不存在',
  integration_client_inactive: '接入方已停用',
  integration_timestamp_stale: '请求时间戳与服务器时间相差超过5分钟，请校准时钟后重新签名',
  integration_signature_invalid: '签名校验失败',
  integration_nonce_replayed: '该请求已处理过（随机数重复），请用新的随机数重新签名',
  // integration API: records
  import_line_not_json: '该行不是有效的 JSON',
  import_record_type_unknown: '记录类型不支持',
  import_too_many_records: '一次最多导入10000条记录',
  import_body_empty: '导入内容为空',
  archive_not_found: '没有找到该居民的健康档案（请先推送档案）',
  archive_belongs_to_another_institution: '该身份证号的健康档案属于其他机构',
  archive_id_number_cannot_change: '同一档案编号的身份证号不能更改',
  archive_linked_to_another_source: '该身份证号的健康档案已使用另一个档案编号，请用原档案编号更新',
  record_resident_cannot_change: '同一记录编号不能改属其他居民',
  record_implausible: '记录中的数值超出合理范围，请核对',
  // home readings
  reading_implausible: '测量数值不合理，请核对后重新填写',
  reading_id_reused_with_different_values: '这条记录已经保存过，且内容不同；请重新录入',
  // alerts
  alert_not_found: '没有找到该预警',
  alert_not_open: '该预警已被处理，不能再次确认',
  alert_already_closed: '该预警已关闭',
  // doctor's entries: contracts, screenings (idempotent by the client's request id)
  staff_request_id_reused: '这个请求编号已用于另一份内容不同的记录，请刷新后重新填写',
  reading_source_clinic_staff_only: '只有医生录入的记录才能标记为诊室测量',
  contract_period_invalid: '签约期限无效：结束日期须晚于开始日期且不早于今天，期限最长3年',
  contract_period_overlaps: '该居民在这段时间内已有签约，请选择续约或调整日期',
  contract_signing_in_progress: '该居民的签约正在办理中，请稍后再试',
  contract_renewal_invalid: '续约的原签约不存在、已解约或不属于该居民，且新签约须在原签约结束后开始',
  // notices
  notice_not_found: '没有找到该通知',
} as const;
