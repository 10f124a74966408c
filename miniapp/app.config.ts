import { tabBarItems } from './tabBarItems';

/** Pages, native tab bar (text only, high contrast) and window defaults. */
export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/records/index',
    // Readings entry (one screen per measure): main package, opened straight from the 记录 tab.
    'pages/records/entry/index',
    'pages/passbook/index',
    'pages/me/index',
    'pages/login/index',
    // Journey 1 (privacy guide → health-data consent → binding) and the profile switcher every
    // banner links to: in the main package so the first run never waits for a download.
    'pages/consent/index',
    'pages/consent-declined/index',
    'pages/bind/index',
    'pages/profiles/index',
  ],
  // Less-used pages, downloaded when first opened (keeps the main package small).
  subPackages: [
    {
      root: 'pages/account',
      pages: ['privacy/index', 'consents/index', 'sessions/index', 'withdraw/index', 'notices/index'],
    },
    {
      // 记录: trend charts (Canvas 2D), 档案 and the cardiovascular risk — heavier, opened less often than entry.
      root: 'subpackages/health',
      pages: ['history/index', 'archive/index', 'risk/index'],
    },
    {
      // The accept page's path is in the invitation QR payload (server/identity/invitations.ts).
      root: 'pages/proxy',
      pages: ['invite/index', 'accept/index', 'links/index', 'activity/index'],
    },
    {
      // Follow-ups: booking, my bookings, follow-up history, reminders (reminder messages open bookings/index).
      root: 'subpackages/followup',
      pages: ['book/index', 'bookings/index', 'history/index', 'reminders/index'],
    },
    {
      // 抵扣 on the resident's phone (or a family member's with `redeem`): 出示码, then confirm → pay → result.
      root: 'subpackages/redeem',
      pages: ['code/index', 'checkout/index'],
    },
    {
      // 药店模式 (cashiers only): bill + code, the live checkout, records, statements, invitation.
      root: 'subpackages/pharmacy',
      pages: ['home/index', 'new/index', 'checkout/index', 'list/index', 'statements/index', 'accept/index'],
    },
    {
      // 家庭医生工作台 (doctors only): panel, one resident (alerts, due items), the doctor's entries.
      root: 'subpackages/doctor',
      pages: [
        'panel/index',
        'resident/index',
        'follow-up/index',
        'contract/index',
        'screening/index',
        'proxy/index',
        'risk-factors/index',
        'medication/index',
        // 医防融合: ask the specialists, refer up; recommend health knowledge; classes; the lead's 履约考核.
        'comanage/index',
        'recommend/index',
        'classes/index',
        'scorecard/index',
      ],
    },
    {
      // 吃药: 今天要吃的药 (dose reminders open it) and 用药方案 with versions, refills, the folate course.
      root: 'subpackages/medication',
      pages: ['today/index', 'plans/index'],
    },
    {
      // 从血压计/血糖仪导入: the Bluetooth code (WeChat BLE, or the H5 simulated meters) lives only here.
      root: 'subpackages/devices',
      pages: ['sync/index'],
    },
    {
      // 项目管理 (admins only): programme report with CSV, points-policy versions with preview,
      // health-education content, 履约考核 compared across teams.
      root: 'subpackages/admin',
      pages: ['report/index', 'policy/index', 'education/index', 'scorecard/index'],
    },
    {
      // 专科共管 (specialists of a county or city hospital): review queue, one resident, 接诊服务记录单, referrals received.
      root: 'subpackages/specialist',
      pages: ['queue/index', 'review/index', 'visit/index', 'referrals/index'],
    },
    {
      // The resident's specialist advice, health knowledge with quizzes, class check-in, service survey;
      // the family care loop's 每周小结 and what the resident shares with the family.
      root: 'subpackages/care',
      pages: ['advice/index', 'learn/index', 'article/index', 'checkin/index', 'survey/index', 'weekly/index'],
    },
  ],
  window: {
    navigationBarTitleText: '居民健康存折',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f2f3f5',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    // Near-black on white for unselected items and a dark blue for the selected one: both well above
    // the WCAG AA 4.5:1 contrast for the elderly. Text only; icons can be added later.
    color: '#1f1f1f',
    selectedColor: '#0b4f9c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: tabBarItems.map((item) => ({ ...item })),
    // weapp: our own tab bar (custom-tab-bar/), so 长辈模式 enlarges its labels and height too.
    // H5 keeps Taro's tab bar (it has no custom one), enlarged by app.scss under .pb-elderly-root.
    custom: process.env.TARO_ENV === 'weapp',
  },
  // H5 only: no sliding page transitions — calmer for elderly users and deterministic for screenshots.
  animation: false,
  // WeChat's privacy guide (用户隐私保护指引): privacy APIs require the user's agreement first.
  __usePrivacyCheck__: true,
});
