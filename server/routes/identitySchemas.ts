import { z } from 'zod';
import { instant, objectId } from '../../shared/api/formats';

/** Shapes shared by the identity, "我的", proxy and staff routes; the API's own live in shared/api/identity.ts. */
export { objectId };
export { auditEntryView, consentStateView, proxyLinkView, proxyScope, relationship, residentProfile, scopeList } from '../../shared/api/identity';
export const residentIdParams = z.object({ residentId: objectId });
export const date = instant;
export const nullableDate = instant.nullable();
