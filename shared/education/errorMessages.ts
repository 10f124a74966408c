/** Health-education error codes (server/education) and what the user reads. */
export const educationErrorMessages = {
  education_item_not_found: '没有找到这篇内容，可能已下架',
  education_quiz_invalid: '每篇内容需要 3–5 道题，每题 2–5 个选项，并标明正确答案；图文须有正文，视频须有地址',
  education_item_edited_meanwhile: '这篇内容刚被其他管理员修改过，请刷新后再改',
  education_class_code_invalid: '签到码不正确，请扫描诊所现场的二维码',
  education_class_not_open: '不在这次课程的签到时间内',
  education_class_time_invalid: '课程结束时间须晚于开始时间，且在 12 小时之内',
} as const;
