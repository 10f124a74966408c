/**
 * The full texts behind the summaries of `GET /api/consents/current` (version 2026-01). The service
 * serves versions and summaries only; when it gains a full-text endpoint this file goes away.
 */
export interface PolicySection {
  heading: string;
  paragraphs: string[];
}

export interface PolicyText {
  title: string;
  version: string;
  sections: PolicySection[];
}

export const policyTexts: Record<'privacyGuide' | 'healthData', PolicyText> = {
  privacyGuide: {
    title: '居民健康存折用户隐私保护指引',
    version: '2026-01',
    sections: [
      {
        heading: '一、我们是谁',
        paragraphs: ['「居民健康存折」是为参加慢病（高血压、高血糖、高血脂、高同型半胱氨酸）健康管理项目的居民提供的小程序，由项目运营方与您的签约基层医疗机构共同提供服务。'],
      },
      {
        heading: '二、我们收集哪些信息、为什么',
        paragraphs: [
          '微信标识（openid）：用于登录，确认是您本人。',
          '姓名、身份证号、手机号：仅用于与签约机构的健康档案核对并绑定。身份证号和手机号加密保存，页面上只显示部分号码。',
          '登录设备信息：用于让您查看和退出登录设备。',
        ],
      },
      {
        heading: '三、谁可以看到您的信息',
        paragraphs: [
          '您本人；您邀请并授权的家人（只能做您勾选的事项，您可随时解除）；您的签约家庭医生团队。',
          '工作人员查看您的完整身份证号、家人替您办理的每项操作都会被记录，您可以在「我的 → 家人代办记录」查看。',
        ],
      },
      {
        heading: '四、您的权利',
        paragraphs: [
          '您可以随时查看授权记录、退出任一登录设备、解除家人代办关系。',
          '您可以撤回授权：账号将停用，所有登录失效，代办关系解除；健康档案仍由签约机构依法保存。',
        ],
      },
      {
        heading: '五、联系我们',
        paragraphs: ['如有疑问，请联系您的签约机构，或在小程序「我的」页面找到我们。'],
      },
    ],
  },
  healthData: {
    title: '健康数据处理单独同意',
    version: '2026-01',
    sections: [
      {
        heading: '一、为什么需要您单独同意',
        paragraphs: ['健康信息属于敏感个人信息。根据《个人信息保护法》第二十九条，处理前需要取得您的单独同意。'],
      },
      {
        heading: '二、我们处理哪些健康信息',
        paragraphs: ['健康档案中的基本健康情况；随访、筛查和检查结果；您或您的家人在家记录的血压、血糖等读数；积分的获得和使用记录。'],
      },
      {
        heading: '三、用途和查看范围',
        paragraphs: [
          '用于向您展示健康记录、提醒随访复查、计算和使用积分。',
          '仅您本人、您授权的家人和您的签约家庭医生团队可以查看。',
        ],
      },
      {
        heading: '四、不同意会怎样',
        paragraphs: ['不同意不影响您阅读说明页面，但无法绑定健康档案和使用健康存折功能。您可以随时重新同意，或在「我的 → 撤回授权」撤回。'],
      },
    ],
  },
};
