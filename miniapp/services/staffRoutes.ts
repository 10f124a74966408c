/**
 * Pages of the staff modes, in the `subpackages/doctor` and `subpackages/admin` subpackages. Kept
 * apart from their services so 我的 (main package) can link to them without pulling those in.
 */
export const doctorRoutes = {
  panel: '/subpackages/doctor/panel/index',
  /** `?id=<residentId>` for this and the pages below. */
  resident: '/subpackages/doctor/resident/index',
  followUp: '/subpackages/doctor/follow-up/index',
  contract: '/subpackages/doctor/contract/index',
  screening: '/subpackages/doctor/screening/index',
  proxy: '/subpackages/doctor/proxy/index',
  riskFactors: '/subpackages/doctor/risk-factors/index',
  /** `&planId=<planId>` to change a plan. */
  medication: '/subpackages/doctor/medication/index',
  /** 专科共管：申请会诊、上转 (`?id=<residentId>`) */
  comanage: '/subpackages/doctor/comanage/index',
  /** 推荐健康知识 (`?id=<residentId>`) */
  recommend: '/subpackages/doctor/recommend/index',
  /** 健康讲座与签到二维码 */
  classes: '/subpackages/doctor/classes/index',
  /** 履约考核（团队长） */
  scorecard: '/subpackages/doctor/scorecard/index',
} as const;

export const adminRoutes = {
  report: '/subpackages/admin/report/index',
  policy: '/subpackages/admin/policy/index',
  education: '/subpackages/admin/education/index',
  scorecard: '/subpackages/admin/scorecard/index',
} as const;

export const residentPage = (route: string, residentId: string) => `${route}?id=${encodeURIComponent(residentId)}`;
