import type { ErrorCode } from '../../shared/errors';

/**
 * A WeChat server API call that did not give us what we asked for. `errcode` is WeChat's own code,
 * or null when WeChat gave no usable answer (network failure, timeout, malformed body).
 * Messages never carry the request URL: it can hold the app secret or an access token.
 */
export class WechatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number | null,
    errmsg: string,
  ) {
    super(`WeChat ${api} failed: ${errcode ?? 'no answer'} ${errmsg}`);
    this.name = 'WechatApiError';
  }

  /** Our error code for the user: an invalid or used login code asks them to log in again; busy WeChat asks them to wait. */
  get errorCode(): ErrorCode {
    switch (this.errcode) {
      case 40029:
        return 'wechat_code_invalid';
      case 40163:
        return 'wechat_code_used';
      case null:
      case -1:
      case 40001:
      case 42001:
      case 45009:
      case 45011:
        return 'wechat_unavailable';
      default:
        // 40013 invalid appid, 40125 invalid secret and the like: our configuration, not the user's doing.
        return 'internal_error';
    }
  }
}
