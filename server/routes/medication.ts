import type { Types } from 'mongoose';
import { z } from 'zod';
import {
  plansResponse,
  recordDoseBody,
  recordDoseResponse,
  staffPlanChangeBody,
  staffPlanCreateBody,
  staffPlanResponse,
  todayResponse,
  type StaffPlanFields,
} from '../../shared/api/medication';
import { normalizeTimesOfDay } from '../../shared/medication/schedule';
import { authorizeForResident, requireAccountActor } from '../authz/authorize';
import type { AppDeps } from '../deps';
import { unprocessable } from '../http/errors';
import { defineRoute } from '../http/route';
import { contentHashOf } from '../integration/recordImporter';
import { residentAdherence } from '../medication/adherence';
import { doseRecorder, todaysDoses } from '../medication/doses';
import { afterPlanChange } from '../medication/planEffects';
import { presentPlan } from '../medication/planRecords';
import { residentPlans } from '../medication/planReader';
import { medicationPlanChanger, medicationPlanWriter } from '../medication/planWriter';
import { objectId, residentIdParams } from './identitySchemas';

/**
 * Medication: 今天要吃的药 with one-tap 已服用 / 跳过, the plans with their versions and adherence
 * (the resident, a family member with `view`, the resident's team), confirming a dose (the resident
 * or a family member with `logReadings`), and the doctor's plans for a resident of their team.
 * Schemas: shared/api/medication.ts (the mini-program parses its responses with the same ones).
 */
type PlanRequest = StaffPlanFields & { status?: 'active' | 'stopped' };

/** The stored fields of a doctor's plan: times sorted, nothing the form did not send. */
function planData(request: PlanRequest): Record<string, unknown> {
  // A rule across two fields, so its own code rather than a schema's validation_failed.
  if (request.endedOn && request.endedOn < request.startedOn) throw unprocessable('medication_plan_ends_before_start', { startedOn: request.startedOn, endedOn: request.endedOn });
  const { timesOfDay, ...rest } = request;
  return { ...rest, timesOfDay: normalizeTimesOfDay(timesOfDay) ?? timesOfDay, status: request.status ?? 'active' };
}

const planHash = (deps: AppDeps, residentId: Types.ObjectId, data: Record<string, unknown>) => contentHashOf(deps, 'medicationPlan', { origin: 'staff', residentId: String(residentId), ...data });

export const medicationRoutes = [
  defineRoute({
    operationId: 'medication.today',
    method: 'get',
    path: '/api/residents/:residentId/medication/today',
    summary: '今天要吃的药：每一次服药（已服用 / 已跳过 / 到点未服 / 还没到时间），近30天和90天的服药依从性',
    tags: ['medication'],
    auth: 'session',
    params: residentIdParams,
    response: todayResponse,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { view: 'medicationToday' });
      const [today, adherence] = await Promise.all([todaysDoses(deps, resident._id), residentAdherence(deps, resident._id)]);
      return { ...today, adherence: { last30: adherence.last30, last90: adherence.last90 }, reminderTemplateId: deps.config.medication.reminderTemplateId };
    },
  }),
  defineRoute({
    operationId: 'medication.recordDose',
    method: 'post',
    path: '/api/residents/:residentId/medication/doses',
    summary: '一键记录今天的一次服药：已服用，或跳过（需选原因）；当天可改；返回最新依从性',
    tags: ['medication'],
    auth: 'session',
    params: residentIdParams,
    body: recordDoseBody,
    response: recordDoseResponse,
    errors: ['access_denied', 'validation_failed', 'medication_plan_ends_before_start', 'medication_plan_not_found', 'dose_not_scheduled_today'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident, ...decision } = await authorizeForResident({ deps, ctx }, 'resident.doses.record', params.residentId, { planId: body.planId, time: body.time, status: body.status });
      return doseRecorder(deps, { resident, actor: requireAccountActor(ctx), decision, ...body });
    },
  }),
  defineRoute({
    operationId: 'medication.plans',
    method: 'get',
    path: '/api/residents/:residentId/medication/plans',
    summary: '用药方案（含历史版本、长处方续药日期、叶酸疗程及复查）和服药依从性',
    tags: ['medication'],
    auth: 'session',
    params: residentIdParams,
    response: plansResponse,
    errors: ['access_denied'],
    handler: async ({ params, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.records.read', params.residentId, { view: 'medicationPlans' });
      const [plans, adherence] = await Promise.all([residentPlans(deps, resident._id), residentAdherence(deps, resident._id)]);
      return { plans, adherence: { last30: adherence.last30, last90: adherence.last90 } };
    },
  }),
  defineRoute({
    operationId: 'staff.createMedicationPlan',
    method: 'post',
    path: '/api/staff/residents/:residentId/medication-plans',
    summary: '（家庭医生）为本团队居民开具用药方案；按 clientRequestId 去重；居民从当天起按服药时间收到提醒',
    tags: ['staff', 'medication'],
    auth: 'session',
    params: residentIdParams,
    body: staffPlanCreateBody,
    response: staffPlanResponse,
    successStatus: 201,
    statusOf: (result) => (result.created ? 201 : 200),
    errors: ['access_denied', 'validation_failed', 'medication_plan_ends_before_start', 'staff_request_id_reused', 'record_resident_cannot_change'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.medicationPlans.record', params.residentId, { clientRequestId: body.clientRequestId, drugName: body.drugName });
      const actor = requireAccountActor(ctx);
      const { clientRequestId, ...request } = body;
      const data = planData(request);
      const origin = {
        institutionId: resident.institutionId,
        sourceId: `staff:${String(resident._id)}:${clientRequestId}`,
        contentHash: planHash(deps, resident._id, data),
        onChangedContent: { refuseWith: 'staff_request_id_reused' as const },
        recordedBy: `doctor:${actor.accountId}`,
        requestId: clientRequestId,
      };
      const { result, plan } = await medicationPlanWriter(deps, origin, resident._id, data);
      await afterPlanChange(deps, resident);
      return { created: result === 'created', plan: presentPlan(plan) };
    },
  }),
  defineRoute({
    operationId: 'staff.changeMedicationPlan',
    method: 'put',
    path: '/api/staff/residents/:residentId/medication-plans/:planId',
    summary: '（家庭医生）修改或停用小程序中开具的用药方案：新版本从今天起生效，历史版本保留；基于已过期的版本修改会被拒绝（409）',
    tags: ['staff', 'medication'],
    auth: 'session',
    params: z.object({ residentId: objectId, planId: objectId }),
    body: staffPlanChangeBody,
    response: staffPlanResponse,
    errors: ['access_denied', 'validation_failed', 'medication_plan_ends_before_start', 'medication_plan_not_found', 'medication_plan_changed', 'medication_plan_managed_by_clinic_system', 'staff_request_id_reused'],
    handler: async ({ params, body, ctx, deps }) => {
      const { resident } = await authorizeForResident({ deps, ctx }, 'resident.medicationPlans.record', params.residentId, { planId: params.planId, expectedVersion: body.expectedVersion });
      const actor = requireAccountActor(ctx);
      const { clientRequestId, expectedVersion, ...request } = body;
      const data = planData(request);
      const { plan } = await medicationPlanChanger(deps, {
        residentId: resident._id,
        planId: params.planId,
        expectedVersion,
        requestId: clientRequestId,
        recordedBy: `doctor:${actor.accountId}`,
        contentHash: planHash(deps, resident._id, data),
        data,
      });
      await afterPlanChange(deps, resident);
      return { created: false, plan: presentPlan(plan) };
    },
  }),
];
