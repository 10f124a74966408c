/**
 * The documents a user agrees to, each versioned. A new version is a code change here; users whose
 * latest acceptance is of an older version are asked again (their state reads `outdated`).
 */
export const consentDocuments = {
  privacyGuide: {
    version: '2026-01',
    title: '居民健康存折用户隐私保护指引',
    summary:
      '我们仅为提供健康存折服务处理您的微信标识、手机号和身份证号（加密保存），用于登录和绑定健康档案；您可随时查看、撤回授权。',
  },
  healthData: {
    version: '2026-01',
    title: '健康数据处理单独同意',
    summary:
      '绑定健康档案后，我们将处理您的健康档案、随访、检测和家庭自测数据，仅供您、您授权的家属和您的签约家庭医生团队查看。拒绝不影响浏览说明页面，但无法使用健康存折功能。',
  },
} as const;

export type ConsentDocumentKind = keyof typeof consentDocuments;
export const consentDocumentKinds = Object.keys(consentDocuments) as ConsentDocumentKind[];
