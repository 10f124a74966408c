import { z } from 'zod';
import { calendarDay } from './formats';

/**
 * 档案 API shapes shown to the resident and to the doctor team (lab results, contracts) and what
 * the doctor's clinic entries answer; the routes validate with these, the services parse with them.
 */

/** A lab result or screening as the 档案 and the doctor's pages show it. */
export const labResultView = z.object({
  labResultId: z.string(),
  kind: z.string(),
  measuredAt: z.string(),
  values: z.record(z.string(), z.number()),
  exams: z.record(z.string(), z.enum(['normal', 'abnormal'])).describe('眼底、足部检查：正常 / 异常'),
  labName: z.string().nullable(),
});

/** A contract as the 档案 shows it; a doctor's signing answers the same shape. */
export const contractView = z.object({
  contractId: z.string(),
  status: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  packageName: z.string(),
  packageItems: z.array(z.string()),
  servicePackage: z.string().nullable().describe('签约服务包：basic 基础包 / hypertension 高血压包 / diabetes 糖尿病包 / elderly 老年人包；机构系统推送的签约为 null（见 packageName）'),
  team: z.object({
    teamId: z.string(),
    name: z.string(),
    phone: z.string().nullable().optional(),
    members: z.array(z.object({ role: z.string(), name: z.string(), phone: z.string().nullable().optional() })),
  }),
});

export const contractSignedView = z.object({
  created: z.boolean().describe('false：同一 clientRequestId 的重试，返回首次创建的签约'),
  contract: contractView,
  signedOn: z.string(),
  renewalOf: z.string().nullable(),
});

export const screeningRecordedView = z.object({
  created: z.boolean().describe('false：同一 clientRequestId 的重试，返回首次登记的结果'),
  labResult: labResultView,
  screeningMeasures: z.array(z.enum(['bp', 'glucose', 'lipids'])).describe('本次筛查涵盖的项目（各计一次筛查积分）；化验结果为空'),
  hTypeHypertension: z.boolean().describe('登记后该居民是否为H型高血压（高血压且最近一次 Hcy ≥ 10 µmol/L）'),
  latestHcyUmolL: z.number().nullable(),
});

const looseObject = z.record(z.string(), z.unknown());
const optionalText = z.string().nullish();

/** A medication plan as the 档案 lists it (the plan's own fields, as recorded or imported). */
export const archiveMedicationView = z.looseObject({
  medicationPlanId: z.string(),
  status: z.string(),
  startedOn: calendarDay(),
  drugName: optionalText,
  forCondition: optionalText,
  timesPerDay: z.number().nullish(),
  doseMgPerTime: z.number().nullish(),
  doseText: optionalText,
  instructions: optionalText,
  endedOn: optionalText,
  timesOfDay: z.array(z.string()),
  programmeSubsidised: z.boolean(),
  folateCourse: z.boolean(),
});

/** An intervention (e.g. a 5-methylfolate course) as the 档案 lists it. */
export const archiveInterventionView = z.looseObject({
  interventionId: z.string(),
  kind: z.string(),
  status: z.string(),
  startedOn: calendarDay(),
  name: optionalText,
  plannedEndOn: optionalText,
  recheckOn: optionalText,
  completedOn: optionalText,
  recheckedOn: optionalText,
  note: optionalText,
});

/** `GET /api/residents/:residentId/records`: the resident's 档案. */
export const archiveView = z.object({
  resident: z.object({ residentId: z.string(), name: z.string(), sex: z.enum(['male', 'female']), ageYears: z.number().int(), heightCm: z.number().nullable() }),
  conditions: z.array(z.string()),
  hTypeHypertension: z.boolean(),
  targets: z.object({ bp: looseObject, glucose: looseObject, lipids: looseObject, hcy: looseObject }),
  diagnoses: z.array(z.object({ diagnosisId: z.string(), condition: z.string(), diagnosedOn: z.string(), status: z.string(), text: z.string().nullable() })),
  contract: contractView.nullable(),
  labResults: z.array(labResultView),
  followUps: z.array(
    z.object({
      followUpId: z.string(),
      form: z.string(),
      visitedOn: z.string(),
      mode: z.string(),
      outcome: z.string(),
      classification: z.string().nullable().describe('此次随访分类；医生未填时按测量值判定（见 classificationDerived），无法判定时为 null'),
      classificationDerived: z.boolean(),
      classificationLabel: z.string().nullable(),
      signs: looseObject,
      symptoms: z.array(z.string()),
      medications: z.array(z.unknown()),
      advice: z.string().nullable(),
      nextVisitOn: z.string().nullable(),
      doctorName: z.string().nullable(),
      referral: looseObject.nullable(),
    }),
  ),
  medications: z.array(archiveMedicationView),
  interventions: z.array(archiveInterventionView),
  due: z.array(z.object({ key: z.string(), kind: z.string(), dueBy: z.string(), status: z.string(), reason: z.string(), referralFlag: z.boolean().optional() })),
});
export type ArchiveDto = z.infer<typeof archiveView>;
