import { readingBody, readingLoggedView } from '../../shared/api/readings';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import { defineRoute } from '../http/route';
import { presentAlert } from '../records/alertDesk';
import { presentReading, readingLogger } from '../records/readingLogger';
import { residentIdParams } from './identitySchemas';

/**
 * Logging a reading for a resident: the resident, a proxy with `logReadings`, or a doctor of their
 * team (entered at the clinic). Idempotent by `clientReadingId`.
 *
 * Implausible values → 422 `reading_implausible`, `details.issues[]` = `{ field, code, message }`
 * with the shared clinical reason codes (e.g. `systolic_out_of_range`, `measured_at_in_future`,
 * `bp_session_reading_count_invalid`) and their Chinese messages.
 */
export const readingRoutes = [
  defineRoute({
    operationId: 'readings.log',
    method: 'post',
    path: '/api/residents/:residentId/readings',
    summary: '记录一次测量（血压2–3遍取平均、血糖、血脂、同型半胱氨酸、体重）；按 clientReadingId 去重；返回分级、是否达标，紧急值附建议并通知家庭医生团队',
    tags: ['readings'],
    auth: 'session',
    params: residentIdParams,
    body: readingBody,
    response: readingLoggedView,
    successStatus: 201,
    links: { history: { operationId: 'records.readingHistory', parameters: { residentId: '$request.path.residentId' } } },
    errors: ['access_denied', 'validation_failed', 'reading_implausible', 'reading_id_reused_with_different_values', 'reading_source_clinic_staff_only'],
    handler: async ({ params, body, ctx, deps }) => {
      const decision = await authorizeForResident({ deps, ctx }, 'resident.readings.write', params.residentId, { measure: body.measure, clientReadingId: body.clientReadingId });
      const { resident, ...allowed } = decision;
      const result = await readingLogger(deps, { resident, actor: requireAccountActor(ctx), decision: allowed, body });
      return { reading: presentReading(result.reading), duplicate: result.duplicate, alert: result.alert ? presentAlert(result.alert, resident.name) : null, points: result.points };
    },
  }),
];
