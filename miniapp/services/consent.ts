import { consentDecisionView, consentDocumentsView, consentHistoryView, consentWithdrawalView } from '../../shared/api/identity';
import { parsed, parsedNow } from './apiSchema';
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

export function readConsentDocuments(value: unknown): ConsentDocumentsView {
  const data = parsedNow(consentDocumentsView, value);
  return { privacyGuide: { document: 'privacyGuide', ...data.privacyGuide }, healthData: { document: 'healthData', ...data.healthData } };
}

export async function loadConsentDocuments(): Promise<ConsentDocumentsView> {
  return readConsentDocuments(await api.get('/api/consents/current', { authenticated: false }));
}

export async function decideConsent(document: ConsentDocumentView, decision: 'accepted' | 'declined'): Promise<void> {
  await parsed(consentDecisionView, api.post('/api/consents', { document: document.document, version: document.version, decision }));
}

/** Withdraws every consent: the service deactivates the account and ends its sessions. */
export async function withdrawAllConsent(): Promise<void> {
  await parsed(consentWithdrawalView, api.post('/api/consents/withdraw', { confirm: true }));
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
  return parsedNow(consentHistoryView, value).entries.map((entry, index) => ({
    key: `${index}-${entry.document}-${entry.at}`,
    documentLabel: documentLabels[entry.document] ?? entry.document,
    decisionLabel: decisionLabels[entry.decision] ?? entry.decision,
    tone: entry.decision === 'accepted' ? 'positive' : 'negative',
    version: entry.version,
    atText: formatDateTime(entry.at),
  }));
}

export async function loadConsentHistory(): Promise<ConsentHistoryItem[]> {
  return consentHistoryItems(await api.get('/api/me/consents'));
}
