/**
 * WeChat-only capabilities behind one interface. The weapp implementation calls the real APIs;
 * the H5 implementation (development and e2e only) asks the service's simulator routes instead.
 */
export interface ScanCodeOptions {
  /**
   * H5 stand-in only: the value the scan "reads". The calling UI supplies it (e.g. a text field a
   * test fills in); the weapp build ignores it and opens the camera.
   */
  fallbackInput?: string;
}

export interface ScanCodeResult {
  value: string;
}

/** The fields WeChat's requestPayment takes, as the service's prepay endpoint returns them. */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=…` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface ShareMessage {
  title: string;
  /** The mini-program page with its query, e.g. `pages/proxy/accept/index?code=ABCD2345`. */
  path: string;
}

export type SubscribeDecision = 'accept' | 'reject' | 'ban' | 'filter';

export type SubscribeResult = Record<string, SubscribeDecision>;

export interface Platform {
  readonly kind: 'weapp' | 'h5';
  /** A one-time WeChat login code (valid 5 minutes, single use) for `/api/auth/wechat-login`. */
  login(): Promise<string>;
  scanCode(options?: ScanCodeOptions): Promise<ScanCodeResult>;
  /** Resolves when the user has paid; rejects with PlatformError('payment_cancelled' | 'payment_failed'). */
  requestPayment(params: PaymentParams): Promise<void>;
  requestSubscribeMessage(templateIds: string[]): Promise<SubscribeResult>;
  /**
   * Dials a number (120, the family-doctor team). weapp: WeChat's call sheet. H5: the browser's
   * `tel:` link, and the number is remembered as the page's `data-last-dialed` so a development
   * browser (which cannot dial) and the e2e tests can see what would have been called.
   */
  makePhoneCall(phoneNumber: string): Promise<void>;
  /**
   * Lets the user forward a page to a WeChat friend. weapp: the page's own share button (a
   * `<Button openType="share">` whose `onShareAppMessage` gives title and path) — this call only
   * returns what will be shared. H5: copies the link to the clipboard and remembers it as
   * `data-last-shared`, as a stand-in for the friend picker.
   */
  shareToFriend(message: ShareMessage): Promise<void>;
  /**
   * Whether the getPhoneNumber button works in this build. weapp: yes. H5: no — the service has no
   * stand-in route for it, so the H5 bind form offers a typed phone number instead.
   */
  readonly canGetPhoneNumber: boolean;
  /**
   * The one-time phone code from a `<Button openType="getPhoneNumber">` event detail (the service
   * exchanges it through getuserphonenumber). Rejects with PlatformError('phone_denied') when the
   * user refused, 'phone_unavailable' when the build cannot do it.
   */
  getPhoneNumber(eventDetail: unknown): Promise<string>;
  /**
   * The button open-type that also records WeChat's own privacy agreement (用户隐私保护指引) when the
   * user taps our "同意" button; undefined where there is no such thing (H5).
   */
  readonly privacyAgreeOpenType: 'agreePrivacyAuthorization' | undefined;
  /**
   * Asks WeChat whether the user has agreed to the privacy guide and, if not, shows WeChat's own
   * prompt (wx.requirePrivacyAuthorize). Resolves when agreed; rejects with 'privacy_denied'.
   * H5: resolves at once (the guide is agreed through our consent API only).
   */
  requirePrivacyAuthorize(): Promise<void>;
  /**
   * The system font size as a scale (1 = standard) where the platform reports it, else null.
   * weapp: getAppBaseInfo's fontSizeScaleFactor (or fontSizeSetting ÷ 17, the iOS standard size).
   * H5 stand-in: the browser's default font size ÷ 16, or `?fontScale=1.3` in development and tests.
   */
  systemFontScale(): number | null;
  /**
   * Calls back whenever the phone is online again (weapp: onNetworkStatusChange with isConnected;
   * H5: the window's `online` event), so queued readings upload by themselves.
   */
  onNetworkRestored(callback: () => void): void;
}

export const platformErrorMessages = {
  login_failed: '微信登录失败，请稍后再试',
  scan_cancelled: '已取消扫码',
  scan_failed: '扫码失败，请重试',
  payment_cancelled: '已取消支付',
  payment_failed: '支付没有成功，请稍后再试',
  subscribe_failed: '消息提醒设置失败，请稍后再试',
  phone_denied: '您没有允许使用微信手机号，可以改为手动输入手机号',
  phone_unavailable: '当前无法获取微信手机号，请手动输入手机号',
  privacy_denied: '需要您同意隐私保护指引后才能继续',
  // Bluetooth meters (platform/ble)
  bluetooth_off: '手机蓝牙没有打开，请打开蓝牙后再试',
  bluetooth_unauthorized: '请允许小程序使用蓝牙（微信设置 → 蓝牙）后再试',
  location_needed: '安卓手机搜索蓝牙设备需要打开“位置信息（定位）”，并允许微信使用定位',
  bluetooth_not_supported: '这台设备不支持蓝牙连接',
  meter_not_found: '没有找到设备：请打开血压计/血糖仪，放在手机旁边再试',
  meter_connect_failed: '连接设备失败：请确认设备已开机、离手机近一些，然后再试',
  meter_transfer_failed: '读取设备数据失败，请重新连接',
  meter_pairing_needed: '请先在设备上按提示完成配对，再重新连接',
  meter_timeout: '设备长时间没有回应，请重新连接',
  meter_choice_cancelled: '已取消',
} as const;

export type PlatformErrorCode = keyof typeof platformErrorMessages;

export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  override readonly cause: unknown;

  constructor(code: PlatformErrorCode, cause?: unknown) {
    super(platformErrorMessages[code]);
    this.name = 'PlatformError';
    this.code = code;
    this.cause = cause;
  }
}

export function isPlatformError(value: unknown): value is PlatformError {
  return value instanceof PlatformError;
}
