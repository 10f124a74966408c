/**
 * Routes of the 记录 pages: the tab, the entry screens (main package: quick to open), and the
 * charts, 档案 and the cardiovascular risk in the `subpackages/health` subpackage (downloaded when first opened).
 */
export const recordsRoutes = {
  tab: '/pages/records/index',
  entry: (measure: string) => `/pages/records/entry/index?measure=${measure}`,
  history: (measure: string) => `/subpackages/health/history/index?measure=${measure}`,
  archive: '/subpackages/health/archive/index',
  risk: '/subpackages/health/risk/index',
  /** 从血压计/血糖仪导入 (`subpackages/devices`, with the Bluetooth code). */
  meters: '/subpackages/devices/sync/index',
  /** 今天要吃的药 and 用药方案 (`subpackages/medication`). */
  medicationToday: '/subpackages/medication/today/index',
  medicationPlans: '/subpackages/medication/plans/index',
} as const;
