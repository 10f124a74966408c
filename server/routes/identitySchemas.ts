import { z } from 'zod';
import { proxyScopes } from '../models/invitation';

/** Shapes shared by the identity, "我的", proxy and staff routes. */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/, '不是有效的编号');
export const residentIdParams = z.object({ residentId: objectId });
export const proxyScope = z.enum(proxyScopes);
export const scopeList = z.array(proxyScope).min(1).max(proxyScopes.length);
export const relationship = z.string().trim().min(1).max(20).optional();
export const date = z.date().transform((d) => d.toISOString());
export const nullableDate = z.date().nullable().transform((d) => (d ? d.toISOString() : null));

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

export const proxyLinkView = z.object({
  linkId: z.string(),
  residentId: z.string(),
  residentName: z.string().nullable(),
  proxyAccountId: z.string(),
  relationship: z.string().nullable(),
  scopes: z.array(proxyScope),
  status: z.enum(['active', 'revoked']),
  createdAt: date,
  createdVia: z.enum(['invitation', 'staffVerification']),
  revokedAt: nullableDate,
});

export const auditEntryView = z.object({
  id: z.string(),
  at: date,
  actorKind: z.string(),
  actorLabel: z.string(),
  actorAccountId: z.string().nullable(),
  proxyLinkId: z.string().nullable(),
  subjectResidentId: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  requestId: z.string(),
});

export const consentStateView = z.object({
  status: z.enum(['accepted', 'declined', 'withdrawn', 'outdated', 'none']),
  version: z.string().nullable(),
  at: nullableDate,
});
