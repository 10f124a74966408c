/**
 * Error codes of the programme reports, the doctor panel and institution/team administration.
 * Merged into `shared/errors.ts`. Codes are snake_case sentences and never change.
 */
export const reportsErrorMessages = {
  report_period_invalid: '统计区间须在所选年份之内，且开始日期不能晚于结束日期',
  institution_not_found: '没有找到该机构',
  institution_already_exists: '该机构编号已存在',
  team_not_found: '没有找到该团队',
  team_already_exists: '该团队编号已存在',
  team_lead_count_invalid: '每个团队最多只能有一位团队长',
  resident_phone_missing: '该居民没有登记手机号',
} as const;
