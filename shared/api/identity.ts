import { z } from 'zod';
import { instant } from './formats';

/**
 * Identity, consent, "我的" and family-proxy API shapes: the routes validate their answers with
 * these, the mini-program's services parse the same responses with them.
 */
export const proxyScopes = ['view', 'logReadings', 'book', 'redeem'] as const;
export const proxyScope = z.enum(proxyScopes);
export type ProxyScope = z.infer<typeof proxyScope>;
export const scopeList = z.array(proxyScope).min(1).max(proxyScopes.length);
export const relationship = z.string().trim().min(1).max(20).optional();

export const residentProfile = z.object({
  residentId: z.string(),
  name: z.string(),
  idNumberMasked: z.string().describe('身份证号只显示后4位'),
  phoneMasked: z.string().nullable().describe('手机号脱敏：本人和工作人员 138****1234，家属 *******1234'),
  ageYears: z.number().int().describe('周岁（不显示出生日期）'),
  sex: z.enum(['male', 'female']),
  institutionId: z.string(),
  teamId: z.string().nullable(),
});
export type ResidentProfileDto = z.infer<typeof residentProfile>;
export const residentProfileResult = z.object({ resident: residentProfile });

export const proxyLinkView = z.object({
  linkId: z.string(),
  residentId: z.string(),
  residentName: z.string().nullable(),
  proxyAccountId: z.string(),
  relationship: z.string().nullable(),
  scopes: z.array(proxyScope),
  status: z.enum(['active', 'revoked']),
  createdAt: instant,
  createdVia: z.enum(['invitation', 'staffVerification']),
  revokedAt: instant.nullable(),
});
export type ProxyLinkDto = z.infer<typeof proxyLinkView>;
/** A link a doctor added after checking the proxy's papers at the clinic (当面核验). */
export const proxyLinkVerifiedView = z.object({ link: proxyLinkView, verifiedBy: z.string(), verifiedAt: instant, verificationMethod: z.string() });

export const auditEntryView = z.object({
  id: z.string(),
  at: instant,
  actorKind: z.string(),
  actorLabel: z.string(),
  actorAccountId: z.string().nullable(),
  proxyLinkId: z.string().nullable(),
  subjectResidentId: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  requestId: z.string(),
});

export const consentStatuses = ['accepted', 'declined', 'withdrawn', 'outdated', 'none'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
export const consentStateView = z.object({
  status: z.enum(consentStatuses),
  version: z.string().nullable(),
  at: instant.nullable(),
});

// ── Consents ─────────────────────────────────────────────────────────────────────────────────────

export const consentDocumentKind = z.enum(['privacyGuide', 'healthData']);
const consentDocumentView = z.object({ version: z.string(), title: z.string(), summary: z.string() });
export const consentDocumentsView = z.object({ privacyGuide: consentDocumentView, healthData: consentDocumentView });
export const consentDecisionBody = z.object({ document: consentDocumentKind, version: z.string().min(1).max(32), decision: z.enum(['accepted', 'declined']) });
export const consentDecisionView = z.object({ document: consentDocumentKind, version: z.string(), decision: z.enum(['accepted', 'declined', 'withdrawn']), accountDeactivated: z.boolean() });
export const consentWithdrawalView = z.object({ withdrawn: z.array(consentDocumentKind), accountDeactivated: z.boolean() });
export const consentHistoryView = z.object({
  entries: z.array(z.object({ document: z.string(), version: z.string(), decision: z.string(), at: instant })),
});

// ── 我的 ─────────────────────────────────────────────────────────────────────────────────────────

export const actingForView = z.object({ linkId: z.string(), residentId: z.string(), residentName: z.string(), relationship: z.string().nullable(), scopes: z.array(proxyScope) });
export const meProfileView = z.object({
  accountId: z.string(),
  roles: z.array(z.string()),
  staff: z.object({ institutionId: z.string().optional(), teamId: z.string().optional(), pharmacyId: z.string().optional() }),
  consents: z.object({ privacyGuide: consentStateView, healthData: consentStateView }),
  resident: residentProfile.nullable(),
  actingFor: z.array(actingForView),
});
export type MeProfileDto = z.infer<typeof meProfileView>;

export const meSessionsView = z.object({
  sessions: z.array(z.object({ sessionId: z.string(), createdAt: instant, lastSeenAt: instant, expiresAt: instant, userAgent: z.string(), current: z.boolean() })),
});
export type MeSessionsDto = z.infer<typeof meSessionsView>;
export const sessionRevokedView = z.object({ revoked: z.literal(true) });
export const sessionsRevokedView = z.object({ revokedCount: z.number().int() });
export const proxyLinksView = z.object({ asResident: z.array(proxyLinkView), asProxy: z.array(proxyLinkView) });
export type ProxyLinksDto = z.infer<typeof proxyLinksView>;

// ── Family proxies: invitations, links, notices ─────────────────────────────────────────────────

export const invitationView = z.object({
  invitationId: z.string(),
  code: z.string(),
  qrPayload: z.string(),
  qrDataUrl: z.string(),
  scopes: z.array(z.string()),
  relationship: z.string().nullable(),
  expiresAt: instant,
});
export type InvitationDto = z.infer<typeof invitationView>;
export const proxyLinkResult = z.object({ link: proxyLinkView });

const residentNotice = z.object({ noticeId: z.string(), kind: z.string(), title: z.string(), body: z.string(), createdAt: instant, read: z.boolean() });
export const residentNoticesView = z.object({ notices: z.array(residentNotice) });
export type ResidentNoticesDto = z.infer<typeof residentNoticesView>;
export const residentNoticeReadView = z.object({ notice: residentNotice.extend({ readAt: instant.nullable() }) });
