import Taro from '@tarojs/taro';
import { ApiError, isApiError, readEnvelope } from './apiError';
import { apiBaseUrl } from './http';
import { readSession } from './session';

/**
 * Files the service hands out only with the session (the clinic's printed passbook statement, the
 * programme report as CSV). A plain link would not carry the Authorization header, so:
 *
 *   H5    fetch with the header → a PDF opens in a new tab (a blob URL), a CSV is downloaded.
 *   weapp downloadFile with the header → a PDF opens in WeChat's viewer (openDocument, with the menu
 *         to print or forward), a CSV is offered to a chat (shareFileMessage), as WeChat cannot open it.
 */
export type ProtectedFileKind = 'pdf' | 'csv';
export type ProtectedFileOutcome = 'opened' | 'downloaded' | 'shared';

export interface ProtectedFileRequest {
  /** Under the service, starting with `/api/`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  kind: ProtectedFileKind;
  /** What the saved or forwarded file is called, e.g. `积分明细-王建国.pdf`. */
  fileName: string;
}

export function protectedFileUrl(request: Pick<ProtectedFileRequest, 'path' | 'query'>): string {
  const search = Object.entries(request.query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${apiBaseUrl}${request.path}${search ? `?${search}` : ''}`;
}

function failure(status: number, body: unknown): ApiError {
  const envelope = readEnvelope(status, body);
  return envelope.ok ? new ApiError({ code: 'unexpected_response', status }) : envelope.error;
}

async function openInBrowser(url: string, headers: Record<string, string>, request: ProtectedFileRequest): Promise<ProtectedFileOutcome> {
  // Opened now, inside the tap, so a popup blocker lets it through; filled in once the file is here.
  const tab = request.kind === 'pdf' ? window.open('', '_blank') : null;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (cause) {
    tab?.close();
    throw new ApiError({ code: 'network_unavailable', status: 0, details: cause });
  }
  if (!response.ok) {
    tab?.close();
    throw failure(response.status, await response.text().catch(() => ''));
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  if (tab) {
    tab.location.href = blobUrl;
    return 'opened';
  }
  const link = document.createElement('a');
  link.href = blobUrl;
  link.download = request.fileName;
  link.click();
  return 'downloaded';
}

async function openInWechat(url: string, headers: Record<string, string>, request: ProtectedFileRequest): Promise<ProtectedFileOutcome> {
  const downloaded = await Taro.downloadFile({ url, header: headers, filePath: `${Taro.env.USER_DATA_PATH}/${request.fileName}` }).catch((cause: unknown) => {
    throw new ApiError({ code: 'network_unavailable', status: 0, details: cause });
  });
  if (downloaded.statusCode !== 200) throw failure(downloaded.statusCode, undefined);
  const filePath = downloaded.filePath || downloaded.tempFilePath;
  if (request.kind === 'pdf') {
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true });
    return 'opened';
  }
  await Taro.shareFileMessage({ filePath, fileName: request.fileName });
  return 'shared';
}

/** Fetches the file with the session and shows it the way this platform can (see above). */
export async function openProtectedFile(request: ProtectedFileRequest): Promise<ProtectedFileOutcome> {
  const session = readSession();
  if (!session) throw new ApiError({ code: 'session_required', status: 401 });
  const url = protectedFileUrl(request);
  const headers = { Authorization: `Bearer ${session.token}` };
  try {
    return process.env.TARO_ENV === 'h5' ? await openInBrowser(url, headers, request) : await openInWechat(url, headers, request);
  } catch (error) {
    if (isApiError(error)) throw error;
    throw new ApiError({ code: 'network_unavailable', status: 0, details: error });
  }
}

/** What happened, in words for the toast or the notice under the button. */
export function protectedFileOutcomeText(outcome: ProtectedFileOutcome, what: string): string {
  if (outcome === 'opened') return `${what}已打开，可以打印或转发`;
  if (outcome === 'downloaded') return `${what}已下载`;
  return `${what}已发送`;
}
