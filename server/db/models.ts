import type { Connection } from 'mongoose';
import { accountSchema } from '../models/account';
import { holdSchema } from '../models/hold';
import { ledgerEntrySchema } from '../models/ledgerEntry';
import { ledgerOperationSchema } from '../models/ledgerOperation';
import { pointsLotSchema } from '../models/pointsLot';
import { pointsPolicyVersionSchema } from '../models/pointsPolicyVersion';
import { walletSchema } from '../models/wallet';
import { auditEntrySchema } from '../models/auditEntry';
import { bindingCodeSchema } from '../models/bindingCode';
import { consentSchema } from '../models/consent';
import { invitationSchema } from '../models/invitation';
import { noticeSchema } from '../models/notice';
import { proxyLinkSchema } from '../models/proxyLink';
import { residentSchema } from '../models/resident';
import { jobSchema } from '../models/job';
import { rateLimitWindowSchema } from '../models/rateLimitWindow';
import { sessionSchema } from '../models/session';

/**
 * Models are bound to a connection rather than to mongoose's global one, so a test file, a second
 * service instance or a benchmark can each use their own database in one process.
 */
export function bindModels(connection: Connection) {
  return {
    Account: connection.model('Account', accountSchema, 'accounts'),
    Job: connection.model('Job', jobSchema, 'jobs'),
    RateLimitWindow: connection.model('RateLimitWindow', rateLimitWindowSchema, 'rate_limit_windows'),
    Session: connection.model('Session', sessionSchema, 'sessions'),
    Wallet: connection.model('Wallet', walletSchema, 'wallets'),
    LedgerEntry: connection.model('LedgerEntry', ledgerEntrySchema, 'ledger_entries'),
    PointsLot: connection.model('PointsLot', pointsLotSchema, 'points_lots'),
    Hold: connection.model('Hold', holdSchema, 'holds'),
    LedgerOperation: connection.model('LedgerOperation', ledgerOperationSchema, 'ledger_operations'),
    PointsPolicyVersion: connection.model('PointsPolicyVersion', pointsPolicyVersionSchema, 'points_policy_versions'),
    Resident: connection.model('Resident', residentSchema, 'residents'),
    Consent: connection.model('Consent', consentSchema, 'consents'),
    BindingCode: connection.model('BindingCode', bindingCodeSchema, 'binding_codes'),
    Invitation: connection.model('Invitation', invitationSchema, 'invitations'),
    ProxyLink: connection.model('ProxyLink', proxyLinkSchema, 'proxy_links'),
    AuditEntry: connection.model('AuditEntry', auditEntrySchema, 'audit_entries'),
    Notice: connection.model('Notice', noticeSchema, 'notices'),
  };
}

export type Models = ReturnType<typeof bindModels>;

/** Creates every index the models declare; run at start (idempotent) instead of mongoose autoIndex. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
