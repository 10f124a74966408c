/**
 * The family-doctor service packages (签约服务包) a doctor signs a resident to in the mini-program:
 * a basic package (basic medical care plus the national basic public health services) and the
 * personalised packages of the programme (docs/clinical-rules.md §6; docs/domain.md §1). The names and
 * items are what the resident's 档案 shows; clinic systems pushing contracts through the
 * integration API send their own free-text package name instead. The item lists are programme
 * content [P], kept here so the service and the mini-program show the same text.
 */
export const servicePackages = ['basic', 'hypertension', 'diabetes', 'elderly'] as const;
export type ServicePackage = (typeof servicePackages)[number];

export interface ServicePackageDefinition {
  /** What the resident's 档案 shows as the package name. */
  name: string;
  /** Short label for pickers. */
  label: string;
  items: readonly string[];
}

export const servicePackageDefinitions: Readonly<Record<ServicePackage, ServicePackageDefinition>> = {
  basic: { label: '基础包', name: '家庭医生基础签约服务包', items: ['基本医疗服务', '国家基本公共卫生服务', '健康咨询与指导'] },
  hypertension: { label: '高血压包', name: '高血压个性化签约服务包', items: ['每月电话随访', '每季度面对面随访', '免费同型半胱氨酸检测', '家庭自测血压指导'] },
  diabetes: { label: '糖尿病包', name: '糖尿病个性化签约服务包', items: ['每月电话随访', '每季度面对面随访', '每年4次免费空腹血糖检测', '足背动脉检查'] },
  elderly: { label: '老年人包', name: '老年人签约服务包', items: ['每年一次健康体检', '中医体质辨识', '慢病风险筛查', '行动不便者上门服务'] },
};

/** A contract lasts at most this long (a 1-year period is the norm; renewal makes the next one). */
export const CONTRACT_MAX_MONTHS = 36;
