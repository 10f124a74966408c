/**
 * Error codes of availability, bookings, staff follow-up recording and reminders, with what the
 * user reads. Merged into `shared/errors.ts`. Codes are snake_case sentences and never change.
 */
export const followupErrorMessages = {
  // availability (staff)
  slot_time_invalid: '时间段无效：结束时间应晚于开始时间，且不能早于现在',
  slot_not_found: '没有找到该预约时段',
  // booking
  slot_full: '这个时段已经约满了，请选择其他时间',
  slot_in_past: '这个时段已经过去了，请选择其他时间',
  slot_place_not_suitable: '这项服务不能用这种方式办理，请选择其他时段',
  due_item_not_found: '这项待办已经完成或已变化，请返回首页刷新',
  due_item_already_booked: '这项待办已经预约过了，可以在「我的预约」里改约',
  booking_not_found: '没有找到该预约',
  booking_not_active: '该预约已取消或已完成',
  booking_busy: '该预约正在修改中，请稍后再试',
  booking_same_slot: '您选择的就是当前预约的时段',
  booking_cancel_cutoff_passed: '离预约时间太近，不能在手机上取消或改约了，请打电话给家庭医生团队',
  booking_interrupted: '预约没有完成，请重新预约',
  // staff: attendance and the follow-up record
  booking_not_today_or_past: '预约时间还没到，不能登记到诊或爽约',
  follow_up_already_recorded: '这次预约已经登记过随访记录了',
  follow_up_record_id_reused: '这个随访记录编号已经用于另一份内容不同的记录，请刷新后重新填写',
} as const;
