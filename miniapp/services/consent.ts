import { ApiError } from './apiError';
import { formatDateTime } from './displayTime';
import { api } from './http';
import { forgetLocalAccount } from './profile';

/**
 * The privacy guide (用户隐私保护指引) and the separate health-data consent (PIPL Art. 29):
 *   GET  /api/consents/current   the versions the user is asked to agree to
 *   POST /api/consents           { document, version, decision }
 *   POST /api/consents/withdraw  { confirm: true } — account deactivated, sessions end
 *   GET  /api/me/consents        history
 */
export type ConsentDocument = 'privacyGuide' | 'healthData';

export interface ConsentDocumentView {
  document: ConsentDocument;
  version: string;
  title: string;
  summary: string;
}

export type ConsentDocumentsView = Record<ConsentDocument, ConsentDocumentView>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readDocument(document: ConsentDocument, value: unknown): ConsentDocumentView {
  if (!isRecord(value) || typeof value['version'] !== 'string' || typeof value['title'] !== 'string' || typeof value['summary'] !== 'string') {
    throw new ApiError({ code: 'unexpected_response', status: 200 });
  }
  return { document, version: value['version'], title: value['title'], summary: value['summary'] };
}

export function readConsentDocuments(value: unknown): ConsentDocumentsView {
  const data = isRecord(value) ? value : {};
  return { privacyGuide: readDocument('privacyGuide', data['privacyGuide']), healthData: readDocument('healthData', data['healthData']) };
}

export async function loadConsentDocuments(): Promise<ConsentDocumentsView> {
  return readConsentDocuments(await api.get<unknown>('/api/consents/current', { authenticated: false }));
}

export async function decideConsent(document: ConsentDocumentView, decision: 'accepted' | 'declined'): Promise<void> {
  await api.post<unknown>('/api/consents', { document: document.document, version: document.version, decision });
}

/** Withdraws every consent: the service deactivates the account and ends its sessions. */
export async function withdrawAllConsent(): Promise<void> {
  await api.post<unknown>('/api/consents/withdraw', { confirm: true });
  forgetLocalAccount();
}

export interface ConsentHistoryItem {
  key: string;
  documentLabel: string;
  decisionLabel: string;
  tone: 'positive' | 'negative';
  version: string;
  atText: string;
}

const documentLabels: Record<string, string> = { privacyGuide: '隐私保护指引', healthData: '健康数据单独同意' };
const decisionLabels: Record<string, string> = { accepted: '同意', declined: '不同意', withdrawn: '撤回' };

export function consentHistoryItems(value: unknown): ConsentHistoryItem[] {
  const entries = isRecord(value) && Array.isArray(value['entries']) ? value['entries'] : [];
  return entries.flatMap((entry, index): ConsentHistoryItem[] => {
    if (!isRecord(entry)) return [];
    const document = String(entry['document'] ?? '');
    const decision = String(entry['decision'] ?? '');
    const at = typeof entry['at'] === 'string' ? entry['at'] : '';
    return [
      {
        key: `${index}-${document}-${at}`,
        documentLabel: documentLabels[document] ?? document,
        decisionLabel: decisionLabels[decision] ?? decision,
        tone: decision === 'accepted' ? 'positive' : 'negative',
        version: String(entry['version'] ?? ''),
        atText: formatDateTime(at),
      },
    ];
  });
}

export async function loadConsentHistory(): Promise<ConsentHistoryItem[]> {
  return consentHistoryItems(await api.get<unknown>('/api/me/consents'));
}
