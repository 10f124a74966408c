
import { z } from 'zod';
import { authorize, authorizeForResident, requireAccountActor } from '../authz/authorize';
import { forbidden, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { alertAcknowledger, alertCloser, presentAlert } from '../records/alertDesk';
import { alertById, teamAlertsReader } from '../records/alertReader';
import { objectId } from './identitySchemas';
import { alertView } from '../../shared/api/alerts';

/**
 * The staff side of urgent-reading alerts: a doctor sees the alerts of their own team and moves
 * them open → acknowledged → closed. Decided by server/authz (`institution.alerts.list`,
 * `resident.alerts.manage` = doctor of the resident's team) and audited.
 */
const alertIdParams = z.object({ alertId: objectId });

async function loadAlertForTeam(deps: Parameters<typeof authorizeForResident>[0]['deps'], ctx: Parameters<typeof authorizeForResident>[0]['ctx'], alertId: string, what: Record<string, unknown>) {
  const alert = await alertById(deps, alertId);
  if (!alert) {
    // Only staff learn that an id does not exist; everyone else gets the same answer as for a real one.
    const actor = requireAccountActor(ctx);
    if (actor.roles.includes('doctor')) throw notFound('alert_not_found');
    throw forbidden('access_denied');
  }
  const { resident } = await authorizeForResident({ deps, ctx }, 'resident.alerts.manage', String(alert.residentId), { alertId, ...what });
  return { alert, resident };
}

export const alertRoutes = [
  defineRoute({
    operationId: 'staff.alerts',
    method: 'get',
    path: '/api/staff/alerts',
    summary: '（家庭医生）本团队居民的紧急值预警，默认只列未处理的',
    tags: ['staff', 'alerts'],
    auth: 'session',
    query: z.object({ state: z.enum(['open', 'acknowledged', 'closed']).default('open'), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ alerts: z.array(alertView) }),
    errors: ['access_denied'],
    handler: async ({ query, ctx, deps }) => {
      const actor = requireAccountActor(ctx);
      const institutionId = actor.staff.institutionId;
      if (!institutionId || !actor.staff.teamId) throw forbidden('access_denied');
      await authorize({ deps, ctx }, 'institution.alerts.list', { kind: 'institution', institutionId }, { state: query.state, teamId: actor.staff.teamId });
      return { alerts: await teamAlertsReader(deps, { institutionId, teamId: actor.staff.teamId }, query) };
    },
  }),
  defineRoute({
    operationId: 'staff.acknowledgeAlert',
    method: 'post',
    path: '/api/staff/alerts/:alertId/acknowledge',
    summary: '（家庭医生）确认已知晓预警（open → acknowledged）',
    tags: ['staff', 'alerts'],
    auth: 'session',
    params: alertIdParams,
    response: z.object({ alert: alertView }),
    errors: ['access_denied', 'alert_not_found', 'alert_not_open'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await loadAlertForTeam(deps, ctx, params.alertId, { step: 'acknowledge' });
      const alert = await alertAcknowledger(deps, params.alertId, requireAccountActor(ctx));
      return { alert: presentAlert(alert, resident.name) };
    },
  }),
  defineRoute({
    operationId: 'staff.closeAlert',
    method: 'post',
    path: '/api/staff/alerts/:alertId/close',
    summary: '（家庭医生）处理完毕并关闭预警，需填写处理说明',
    tags: ['staff', 'alerts'],
    auth: 'session',
    params: alertIdParams,
    body: z.object({ note: z.string().trim().min(1).max(500).describe('处理说明，如“已电话联系，复测 150/92，已调整用药”') }),
    response: z.object({ alert: alertView }),
    errors: ['access_denied', 'alert_not_found', 'alert_already_closed'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await loadAlertForTeam(deps, ctx, params.alertId, { step: 'close' });
      const alert = await alertCloser(deps, params.alertId, requireAccountActor(ctx), body.note);
      return { alert: presentAlert(alert, resident.name) };
    },
  }),
];

