import Taro from '@tarojs/taro';
import { ApiError } from './apiError';
import { apiBaseUrl } from './http';
import { residentPath } from './profile';
import { activeProfileOrLoad } from './readings';
import { readSession } from './session';

/** The readings export (PDF / CSV) the resident sends to the doctor. */
export type ExportKind = 'pdf' | 'csv';

export function exportPath(residentId: string, kind: ExportKind): string {
  return residentPath(residentId, `/readings/export.${kind}`);
}

/**
 * Downloads the export with the session and opens it: weapp → downloadFile + openDocument (the
 * user can forward it to the doctor from there); H5 → fetch with the Authorization header, then a
 * blob URL in a new tab (a plain link would not carry the session).
 */
export async function exportReadings(kind: ExportKind): Promise<void> {
  const profile = await activeProfileOrLoad();
  const session = readSession();
  if (!session) throw new ApiError({ code: 'session_required', status: 401 });
  const url = `${apiBaseUrl}${exportPath(profile.residentId, kind)}`;
  const headers = { Authorization: `Bearer ${session.token}` };
  if (process.env.TARO_ENV === 'h5') {
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (cause) {
      throw new ApiError({ code: 'network_unavailable', status: 0, details: cause });
    }
    if (!response.ok) throw new ApiError({ code: response.status === 403 ? 'access_denied' : 'internal_error', status: response.status });
    const blobUrl = URL.createObjectURL(await response.blob());
    window.open(blobUrl, '_blank');
    return;
  }
  const downloaded = await Taro.downloadFile({ url, header: headers }).catch((cause: unknown) => {
    throw new ApiError({ code: 'network_unavailable', status: 0, details: cause });
  });
  if (downloaded.statusCode !== 200) throw new ApiError({ code: downloaded.statusCode === 403 ? 'access_denied' : 'internal_error', status: downloaded.statusCode });
  if (kind === 'pdf') {
    await Taro.openDocument({ filePath: downloaded.tempFilePath, fileType: 'pdf', showMenu: true });
    return;
  }
  // WeChat cannot preview a CSV file; it can send it to a chat (the doctor) straight away.
  await Taro.shareFileMessage({ filePath: downloaded.tempFilePath, fileName: `健康自测记录_${profile.name}.csv` });
}
