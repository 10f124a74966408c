/** Co-management and 双向转诊 error codes (server/comanagement) and what the user reads. */
export const comanagementErrorMessages = {
  referral_not_found: '没有找到这张转诊单',
  referral_state_conflict: '这张转诊单的状态已经变化，请刷新后再试',
  referral_destination_invalid: '只能转往上级医院（县级或市级）',
  referral_request_id_reused: '这次提交与之前的转诊单内容不同，请刷新后重新填写',
  specialist_visit_request_id_reused: '这次提交与之前的接诊记录内容不同，请刷新后重新填写',
  specialist_visit_date_invalid: '接诊日期不能晚于今天，下次复诊日期须在接诊日期之后',
  specialist_assignment_invalid: '专科医生须属于上级医院，并负责至少一家基层机构',
  comanagement_not_found: '这位居民还没有转给专科医生共管',
} as const;
