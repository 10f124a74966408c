import { lookupSession } from '../auth/sessions';
import type { AppDeps } from '../deps';
import { unauthorized } from '../http/errors';
import type { AnyRoute, Authenticator } from '../http/route';
import { verifySignedRequest } from '../integration/signature';
import { alertRoutes } from './alerts';
import { integrationRoutes } from './integration';
import { readingRoutes } from './readings';
import { recordRoutes } from './records';
import { authRoutes } from './auth';
import { devStandInRoutes } from './devStandIns';
import { healthRoutes } from './health';
import { consentRoutes, identityRoutes } from './identity';
import { meRoutes } from './me';
import { proxyRoutes, residentRoutes } from './proxies';
import { staffIdentityRoutes } from './staffIdentity';
import { checkoutRoutes } from './checkouts';
import { paymentRoutes } from './payments';
import { pharmacyRoutes } from './pharmacies';
import { redemptionCodeRoutes } from './redemptionCodes';
import { settlementRoutes } from './settlements';
import { availabilityRoutes } from './availability';
import { bookingRoutes } from './bookings';
import { followupRoutes } from './followups';
import { reminderRoutes } from './reminders';
import { passbookRoutes } from './passbook';
import { pointsPolicyRoutes } from './pointsPolicy';
import { adjustmentRoutes } from './adjustments';
import { reportRoutes } from './reports';
import { panelRoutes } from './panel';
import { staffResidentRoutes } from './staffResidents';
import { adminInstitutionRoutes } from './adminInstitutions';
import { riskRoutes } from './risk';
import { deviceRoutes } from './devices';
import { medicationRoutes } from './medication';
import { comanagementRoutes } from './comanagement';
import { educationRoutes } from './education';
import { satisfactionRoutes } from './satisfaction';
import { scorecardRoutes } from './scorecard';
import { careRoutes } from './care';

/** Every API route of the service. Development stand-ins exist only when simulators are configured. */
export function apiRoutes(deps: AppDeps): AnyRoute[] {
  return [
    ...healthRoutes,
    ...authRoutes,
    ...consentRoutes,
    ...identityRoutes,
    ...meRoutes,
    ...residentRoutes,
    ...proxyRoutes,
    ...staffIdentityRoutes,
    ...integrationRoutes(deps),
    ...readingRoutes,
    ...recordRoutes,
    ...riskRoutes,
    ...alertRoutes,
    ...pharmacyRoutes,
    ...redemptionCodeRoutes,
    ...checkoutRoutes,
    ...paymentRoutes,
    ...settlementRoutes,
    ...availabilityRoutes,
    ...bookingRoutes,
    ...followupRoutes,
    ...reminderRoutes,
    ...passbookRoutes,
    ...pointsPolicyRoutes,
    ...adjustmentRoutes,
    ...reportRoutes,
    ...panelRoutes,
    ...staffResidentRoutes,
    ...adminInstitutionRoutes,
    ...medicationRoutes,
    ...deviceRoutes,
    ...comanagementRoutes,
    ...educationRoutes,
    ...satisfactionRoutes,
    ...scorecardRoutes,
    ...careRoutes,
    ...(deps.config.simulatorsEnabled ? devStandInRoutes : []),
  ];
}

export function authenticate(deps: AppDeps): Authenticator {
  return async function authenticateRequest(ctx, mode, options) {
    if (mode === 'session') {
      const header = ctx.get('authorization');
      if (!header) return undefined;
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
      // A token that is malformed, tampered with, revoked or unknown: session_invalid; expired: session_expired.
      const lookup = match?.[1] ? await lookupSession(deps, match[1]) : ({ failure: 'session_invalid' } as const);
      if ('failure' in lookup) throw unauthorized(lookup.failure);
      return lookup.actor;
    }
    if (mode === 'integration') return verifySignedRequest(deps, ctx, options);
    return undefined;
  };
}
