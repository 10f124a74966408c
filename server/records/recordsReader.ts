import type { Types } from 'mongoose';
import { openReferralStates, type ReferralState } from '../../shared/comanagement/referrals';
import { contractInForce, type ContractPeriod } from '../../shared/followup/contractInForce';
import { dueItems } from '../../shared/followup/dueEngine';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import type { ResidentDoc } from '../models/resident';
import { classificationLabelOf, followUpClassificationOf } from '../followups/classification';
import { folateRecheckOn, refillDueOn } from '../../shared/medication/courses';
import { currentFieldsOf, type StoredPlan } from '../medication/planRecords';
import { clinicalContextOf } from './clinicalContext';
import { riskFactsOf } from './riskProfile';

/**
 * The resident's 档案 as the mini-program shows it: diagnoses, the contract in force today with its team
 * and phone numbers, lab results, follow-up history (classification and advice), medications,
 * interventions, the targets in force and what is due (shared due engine). Identifiers stay out.
 */
const RECENT_LIMIT = 50;

type Source = { _id: Types.ObjectId; data: Record<string, unknown>; updatedAt: Date };

export async function recordsReader(deps: AppDeps, resident: ResidentDoc & { _id: Types.ObjectId }) {
  const residentId = resident._id;
  const riskFacts = (await riskFactsOf(deps, [resident])).get(String(residentId))!;
  const [context, diagnoses, contracts, labs, followUps, medications, interventions, lastHomeBp, referrals, comanagement] = await Promise.all([
    clinicalContextOf(deps, resident, riskFacts),
    deps.models.Diagnosis.find({ residentId }).sort({ diagnosedOn: -1 }).lean<Array<Source & { condition: string; diagnosedOn: string; status: string }>>(),
    deps.models.Contract.find({ residentId }).sort({ startsOn: -1 }).limit(10).lean<Array<Source & { teamId: string; status: string; startsOn: string; endsOn: string }>>(),
    deps.models.LabResult.find({ residentId }).sort({ measuredAt: -1 }).limit(RECENT_LIMIT).lean<Array<Source & { kind: string; measuredAt: Date }>>(),
    deps.models.FollowUpRecord.find({ residentId }).sort({ visitedOn: -1, importedAt: -1, _id: -1 }).limit(RECENT_LIMIT).lean<Array<Source & { visitedOn: string; mode: string; classification?: string | null; form: string }>>(),
    deps.models.MedicationPlan.find({ residentId }).sort({ startedOn: -1 }).limit(RECENT_LIMIT).lean<StoredPlan[]>(),
    deps.models.Intervention.find({ residentId }).sort({ startedOn: -1 }).limit(RECENT_LIMIT).lean<Array<Source & { kind: string; status: string; startedOn: string; courseRecheckedOn?: string }>>(),
    deps.models.Reading.findOne({ residentId, measure: 'bp' }).sort({ measuredAt: -1 }).select({ measuredAt: 1 }).lean<{ measuredAt: Date }>(),
    // 双向转诊 and the specialist's next review (server/comanagement): due items follow them.
    deps.models.Referral.find({ residentId, state: { $ne: 'cancelled' } }, { state: 1, referredOn: 1, returnedOn: 1, plan: 1 }).sort({ createdAt: -1 }).limit(RECENT_LIMIT).lean(),
    deps.models.ComanagementCase.findById(residentId, { nextReviewOn: 1 }).lean(),
  ]);
  const inForce = contractInForce(
    contracts.map((c) => ({ ...c, status: c.status as ContractPeriod['status'] })),
    shanghaiDate(deps.clock.now()),
  );
  const contract = inForce?.contract ?? null;
  const classified = followUps.map((f) => ({ ...f, ...followUpClassificationOf(f, resident.birthDate) }));
  const lastHcyLab = labs.find((l) => (l.data.values as Record<string, unknown> | undefined)?.hcyUmolL !== undefined);
  const lastBpLab = labs.find((l) => (l.data.values as Record<string, unknown> | undefined)?.systolicMmHg !== undefined);
  // The monthly BP check (H-type) is met by a clinic screening or a BP the resident measured at home,
  // so 测量血压 leaves the to-do list right after the reading that satisfies it (issue 14).
  const lastBpCheckOn = [lastBpLab?.measuredAt, lastHomeBp?.measuredAt].filter((at): at is Date => at instanceof Date).sort((a, b) => b.getTime() - a.getTime())[0];
  const hcyDays = labs.filter((l) => (l.data.values as Record<string, unknown> | undefined)?.hcyUmolL !== undefined).map((l) => shanghaiDate(l.measuredAt));
  const planFields = medications.map((m) => ({ plan: m, fields: currentFieldsOf(m) }));
  // A 5-methylfolate course is re-checked by the first Hcy test in its window (shared/medication/courses.ts),
  // whether the clinic pushed it as an intervention or it is a plan with the folate-course flag.
  const recheckOf = (startedOn: string, ...recorded: unknown[]) => {
    const explicit = recorded.find((r): r is string => typeof r === 'string');
    return explicit ?? folateRecheckOn(startedOn, hcyDays);
  };
  const folateCourses = [
    ...interventions.filter((i) => i.kind === 'methylfolateCourse').map((i) => ({ startedOn: i.startedOn, recheckedOn: recheckOf(i.startedOn, i.data.recheckedOn, i.courseRecheckedOn) })),
    ...planFields.filter(({ fields }) => fields.folateCourse).map(({ plan }) => ({ startedOn: plan.startedOn, recheckedOn: recheckOf(plan.startedOn, plan.courseRecheckedOn) })),
  ].map((c) => (c.recheckedOn ? c : { startedOn: c.startedOn }));
  const refills = planFields.filter(({ fields }) => fields.status === 'active' && fields.longPrescription).map(({ fields }) => refillDueOn(fields.longPrescription!));

  const due = dueItems({
    today: deps.clock.now(),
    birthDate: resident.birthDate,
    conditions: context.conditions,
    hTypeHypertension: context.hTypeHypertension,
    ...(inForce ? { contract: { startsOn: inForce.contract.startsOn, endsOn: inForce.coveredUntil, status: inForce.contract.status } } : {}),
    // Oldest first: the engine takes the last of a day's records as that day's latest.
    followUps: [...classified]
      .reverse()
      .filter((f) => (f.data.outcome ?? 'visited') === 'visited')
      .map((f) => ({ id: String(f._id), date: f.visitedOn, mode: f.mode as 'clinic', classification: f.classification })),
    ...(lastHcyLab ? { lastHcyTestOn: lastHcyLab.measuredAt } : {}),
    ...(lastBpCheckOn ? { lastBpCheckOn } : {}),
    ...(riskFacts.hba1c ? { lastHba1c: { on: riskFacts.hba1c.on, percent: riskFacts.hba1c.value } } : {}),
    lastComplicationScreening: riskFacts.complicationScreening,
    ...(riskFacts.lastScreening ? { lastScreening: { on: riskFacts.lastScreening.on, riskFound: riskFacts.lastScreening.reasons.length > 0 } } : {}),
    referrals: referrals.map((r) => ({
      referredOn: r.referredOn,
      open: openReferralStates.includes(r.state as ReferralState),
      ...(r.returnedOn ? { returnedOn: r.returnedOn, followUpWithinDays: r.plan?.followUpWithinDays } : {}),
    })),
    ...(comanagement?.nextReviewOn ? { specialistNextReviewOn: comanagement.nextReviewOn } : {}),
    folateCourses,
    medicationRefillsDueOn: refills,
  });

  return {
    resident: { residentId: String(residentId), name: resident.name, sex: resident.sex as 'male' | 'female', ageYears: context.ageYears, heightCm: resident.heightCm ?? null },
    conditions: context.conditions,
    hTypeHypertension: context.hTypeHypertension,
    targets: {
      bp: context.targets.bp,
      glucose: context.targets.glucose,
      lipids: context.targets.lipids,
      hcy: context.targets.hcy,
    },
    diagnoses: diagnoses.map((d) => ({ diagnosisId: String(d._id), condition: d.condition, diagnosedOn: d.diagnosedOn, status: d.status, text: (d.data.diagnosisText as string | undefined) ?? null })),
    contract: contract ? presentContract(contract) : null,
    labResults: labs.map((l) => ({
      labResultId: String(l._id),
      kind: l.kind,
      measuredAt: l.measuredAt.toISOString(),
      values: (l.data.values ?? {}) as Record<string, number>,
      exams: (l.data.exams ?? {}) as Record<string, 'normal' | 'abnormal'>,
      labName: (l.data.labName as string | undefined) ?? null,
    })),
    followUps: classified.map((f) => ({
      followUpId: String(f._id),
      form: f.form,
      visitedOn: f.visitedOn,
      mode: f.mode,
      outcome: (f.data.outcome as string | undefined) ?? 'visited',
      classification: f.classification,
      classificationDerived: f.derived,
      classificationLabel: classificationLabelOf(f.classification, f.derived),
      signs: (f.data.signs as Record<string, unknown> | undefined) ?? {},
      symptoms: (f.data.symptoms as string[] | undefined) ?? [],
      medications: (f.data.medications as unknown[] | undefined) ?? [],
      advice: (f.data.advice as string | undefined) ?? null,
      nextVisitOn: (f.data.nextVisitOn as string | undefined) ?? null,
      doctorName: (f.data.doctorName as string | undefined) ?? null,
      referral: (f.data.referral as Record<string, unknown> | undefined) ?? null,
    })),
    medications: planFields.map(({ plan, fields }) => ({
      medicationPlanId: String(plan._id),
      status: plan.status,
      startedOn: plan.startedOn,
      ...pick(plan.data, ['drugName', 'forCondition', 'timesPerDay', 'doseMgPerTime', 'doseText', 'instructions', 'endedOn']),
      timesOfDay: fields.timesOfDay,
      programmeSubsidised: fields.programmeSubsidised,
      folateCourse: fields.folateCourse !== null,
    })),
    interventions: interventions.map((i) => ({ interventionId: String(i._id), kind: i.kind, status: i.status, startedOn: i.startedOn, ...pick(i.data, ['name', 'plannedEndOn', 'recheckOn', 'completedOn', 'recheckedOn', 'note']) })),
    due,
  };
}

/**
 * A contract as the resident's 档案 shows it (also what a doctor's signing answers): period, status,
 * package (the programme's package key when a doctor signed it in the app, else null: a clinic
 * system sends only its own package name) and the team with the numbers residents may call.
 */
export function presentContract(contract: { _id: Types.ObjectId; teamId?: string; status: string; startsOn: string; endsOn: string; data: Record<string, unknown> }) {
  type Team = { teamId: string; name: string; phone?: string | null; members: Array<{ role: string; name: string; phone?: string | null }> };
  const team = (contract.data.team as Team | undefined) ?? { teamId: contract.teamId ?? '', name: '', members: [] };
  return {
    contractId: String(contract._id),
    status: contract.status,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    packageName: (contract.data.packageName as string | undefined) ?? '家庭医生签约服务',
    packageItems: (contract.data.packageItems as string[] | undefined) ?? [],
    servicePackage: typeof contract.data.servicePackage === 'string' ? contract.data.servicePackage : null,
    team,
  };
}

function pick(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
}
