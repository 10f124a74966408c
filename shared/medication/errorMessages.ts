/**
 * Error codes of medication plans, doses and meter imports, with what the user reads. Merged into
 * `shared/errors.ts`. Codes are snake_case sentences and never change.
 */
export const medicationErrorMessages = {
  medication_plan_not_found: '没有找到这个用药方案',
  medication_plan_changed: '这个用药方案刚被修改过，请刷新后再改',
  medication_plan_managed_by_clinic_system: '这个用药方案来自医院信息系统，请在医院系统中修改',
  medication_plan_invalid: '用药方案填写有误，请检查服药时间和日期',
  medication_plan_ends_before_start: '停药日期不能早于开始日期',
  dose_not_scheduled_today: '今天没有这一次服药',
  device_import_empty: '没有收到设备的读数',
  kiosk_record_changed: '这条一体机记录已经收到过，且内容不同',
} as const;
