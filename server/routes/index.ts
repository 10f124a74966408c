import { sessionAuthenticator } from '../auth/sessions';
import type { AppDeps } from '../deps';
import type { AnyRoute, Authenticator } from '../http/route';
import { authRoutes } from './auth';
import { devStandInRoutes } from './devStandIns';
import { healthRoutes } from './health';

/** Every API route of the service. Development stand-ins exist only when simulators are configured. */
export function apiRoutes(deps: AppDeps): AnyRoute[] {
  return [...healthRoutes, ...authRoutes, ...(deps.config.simulatorsEnabled ? devStandInRoutes : [])];
}

export function authenticate(deps: AppDeps): Authenticator {
  return async function authenticateRequest(ctx, mode) {
    if (mode === 'session') {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(ctx.get('authorization'));
      return match?.[1] ? sessionAuthenticator(deps, match[1]) : undefined;
    }
    return undefined;
  };
}
