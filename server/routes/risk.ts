import { cardiovascularRiskView, staffRiskFactorsBody } from '../../shared/api/risk';
import { shanghaiDate } from '../../shared/time/shanghai';
import { authorizeForResident } from '../authz/authorize';
import type { AppDeps } from '../deps';
import { defineRoute } from '../http/route';
import { cardiovascularRiskOf } from '../records/cardiovascularRisk';
import { riskFactorsRecorder } from '../records/riskFactors';
import { riskFactsOf } from '../records/riskProfile';
import { residentIdParams } from './identitySchemas';

/**
 * 疾病风险评估: the resident's cardiovascular risk (China-PAR 10-year risk, the ideal risk, the change
 * that helps most, the lifetime check, the LDL-C goal it sets) for the resident, a family member who
 * may view, and their team; and the doctor's 风险因素 form.
 */
async function riskOf(deps: AppDeps, resident: Parameters<typeof riskFactsOf>[1][number]) {
  const now = deps.clock.now();
  const facts = (await riskFactsOf(deps, [resident], { asOf: now })).get(String(resident._id))!;
  return cardiovascularRiskOf(facts, shanghaiDate(now));
}

export const riskRoutes = [
  defineRoute({
    operationId: 'records.cardiovascularRisk',
    method: 'get',
    path: '/api/residents/:residentId/cardiovascular-risk',
    summary: '心血管病风险评估（China-PAR）：10年风险及分层、理想水平下的风险、降低风险最有效的改变、终生风险、由风险决定的血脂（LDL-C）目标；缺哪些资料',
    tags: ['records'],
    auth: 'session',
    params: residentIdParams,
    response: cardiovascularRiskView,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { records: 'cardiovascularRisk' });
      return riskOf(deps, resident);
    },
  }),
  defineRoute({
    operationId: 'staff.recordRiskFactors',
    method: 'put',
    path: '/api/staff/residents/:residentId/risk-factors',
    summary: '（家庭医生）登记风险因素（吸烟、家族史、城市/农村、长江以北/以南、慢性肾病分期），返回重新计算的风险评估',
    tags: ['staff', 'panel'],
    auth: 'session',
    params: residentIdParams,
    body: staffRiskFactorsBody,
    response: cardiovascularRiskView,
    errors: ['access_denied', 'validation_failed'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.riskFactors.record', params.residentId, { riskFactors: Object.keys(body) });
      return riskOf(deps, await riskFactorsRecorder(deps, resident._id, body));
    },
  }),
];
