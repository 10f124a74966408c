/**
 * Pages of co-management, health education, the satisfaction survey and the weekly summary, in
 * their subpackages: the resident's (`subpackages/care`) and the specialist's (`subpackages/specialist`). Kept apart from
 * their services so 首页 and 我的 (main package) can link to them without pulling those in.
 */
export const careRoutes = {
  /** 专科医生的建议和转诊进展 */
  advice: '/subpackages/care/advice/index',
  /** 健康知识 */
  learn: '/subpackages/care/learn/index',
  /** `?id=<itemId>` */
  article: '/subpackages/care/article/index',
  /** 讲座扫码签到 */
  checkIn: '/subpackages/care/checkin/index',
  /** 服务评价 */
  survey: '/subpackages/care/survey/index',
  /** 每周小结 and what the resident shares with the family */
  weekly: '/subpackages/care/weekly/index',
} as const;

export const specialistRoutes = {
  queue: '/subpackages/specialist/queue/index',
  /** `?id=<residentId>` */
  review: '/subpackages/specialist/review/index',
  /** `?id=<residentId>` */
  visit: '/subpackages/specialist/visit/index',
  referrals: '/subpackages/specialist/referrals/index',
} as const;
