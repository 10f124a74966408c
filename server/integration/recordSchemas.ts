import { z } from 'zod';
import { riskFactorsBody } from '../../shared/api/risk';
import { folateCourseSchema, longPrescriptionSchema, timesOfDaySchema } from '../../shared/api/medication';
import { calendarDay } from '../../shared/api/formats';

const day = calendarDay();

/**
 * What a clinic information system pushes, one zod schema per record type. The same schemas check
 * the single-record endpoints (`PUT /api/integration/<type>/:sourceId`, body without `type` and
 * `sourceId`) and each NDJSON line of the batch import (`{ "type", "sourceId", ...body }`), and they
 * build the OpenAPI document with the examples below. Dates are Shanghai calendar days
 * (`YYYY-MM-DD`); instants are ISO-8601 with an offset. Clinical values are checked again against
 * the shared plausibility ranges after parsing.
 */
export const sourceId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, '只能包含字母、数字和 . _ : -');
const instant = z.iso.datetime({ offset: true });
// Team ids as the programme's administration writes them: printable, no spaces or control characters.
const teamId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '团队编号只能包含字母、数字、- 和 _');
const text = (max: number) => z.string().trim().max(max);
const num = z.number().finite();
const limit = z.object({ systolicBelowMmHg: z.number().int().min(90).max(200), diastolicBelowMmHg: z.number().int().min(50).max(120) });

export const archiveBody = z
  .object({
    name: z.string().trim().min(1).max(40),
    idNumber: z.string().trim().min(15).max(20).describe('身份证号；只以加密和带密钥哈希的形式保存'),
    phone: z.string().trim().max(20).nullable().optional().describe('手机号；只以加密和带密钥哈希的形式保存'),
    teamId: teamId.optional().describe('所属家庭医生团队编号；不填则不改变'),
    heightCm: num.min(100).max(250).nullable().optional(),
    riskFactors: riskFactorsBody.nullable().optional().describe('心血管风险评估所需的生活方式与居住地信息；未提供的项目保持不变'),
    clinicalTargets: z
      .object({
        bpOffice: limit.nullable().optional().describe('医生为该居民设定的诊室血压目标（低于）'),
        bpHome: limit.nullable().optional(),
        ascvdRiskLevel: z.enum(['low', 'medium', 'high', 'veryHigh', 'ultraHigh']).nullable().optional(),
      })
      .nullable()
      .optional(),
    status: z.enum(['active', 'inactive']).default('active'),
  })
  .meta({
    description: '健康档案（人口学信息、所属机构与团队）。机构取自接入方。',
    examples: [{ name: '王建国', idNumber: '110101195503120013', phone: '13800000001', teamId: 'team-demo-1', heightCm: 168, clinicalTargets: { bpOffice: { systolicBelowMmHg: 130, diastolicBelowMmHg: 80 } } }],
  });

const residentRef = { residentSourceId: sourceId.describe('该居民健康档案在机构系统中的编号（档案的 sourceId）') };

export const diagnosisBody = z
  .object({
    ...residentRef,
    condition: z.enum(['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia', 'ckd']),
    diagnosedOn: day,
    ckdStage: z.number().int().min(1).max(5).optional().describe('慢性肾脏病分期（仅 condition 为 ckd 时填写）'),
    status: z.enum(['active', 'resolved', 'excluded']).default('active'),
    diagnosisText: text(200).optional(),
  })
  .meta({ description: '四高诊断（及慢性肾病，影响血压目标）与诊断日期', examples: [{ residentSourceId: 'A0001', condition: 'hypertension', diagnosedOn: '2019-05-12', diagnosisText: '原发性高血压' }] });

const teamMember = z.object({
  role: z.enum(['specialist', 'generalPractitioner', 'publicHealthDoctor', 'villageDoctor', 'healthAssistant', 'nurse', 'other']),
  name: z.string().trim().min(1).max(40),
  phone: text(20).nullable().optional().describe('工作电话，展示给签约居民'),
});

export const contractBody = z
  .object({
    ...residentRef,
    team: z.object({ teamId, name: text(60), phone: text(20).nullable().optional().describe('团队服务电话'), members: z.array(teamMember).max(20).default([]) }),
    packageName: text(80),
    packageItems: z.array(text(80)).max(50).default([]),
    startsOn: day,
    endsOn: day,
    status: z.enum(['active', 'expired', 'terminated']),
    signedOn: day.optional(),
  })
  .refine((c) => c.startsOn <= c.endsOn, { message: '签约结束日期不能早于开始日期', path: ['endsOn'] })
  .meta({
    description: '家庭医生签约：团队（含电话）、服务包、期限、状态',
    examples: [
      {
        residentSourceId: 'A0001',
        team: { teamId: 'team-demo-1', name: '东城家庭医生一队', phone: '010-65000001', members: [{ role: 'generalPractitioner', name: '李医生', phone: '010-65000011' }] },
        packageName: '高血压个性化签约服务包',
        packageItems: ['每季度面对面随访', '每月电话随访', '免费同型半胱氨酸检测'],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'active',
      },
    ],
  });

export const labValues = z
  .object({
    systolicMmHg: z.number().int().optional(),
    diastolicMmHg: z.number().int().optional(),
    heartRateBpm: z.number().int().optional(),
    fastingGlucoseMmolL: num.optional(),
    postprandial2hGlucoseMmolL: num.optional(),
    randomGlucoseMmolL: num.optional(),
    hba1cPercent: num.optional(),
    totalCholesterolMmolL: num.optional(),
    triglyceridesMmolL: num.optional(),
    ldlCholesterolMmolL: num.optional(),
    hdlCholesterolMmolL: num.optional(),
    hcyUmolL: num.optional(),
    waistCm: num.optional().describe('腰围（筛查：男≥90、女≥85 cm 半年后复查）'),
    weightKg: num.optional().describe('体重（与档案身高算 BMI）'),
    egfrMlPerMin: num.optional().describe('估算肾小球滤过率 eGFR（mL/min/1.73㎡，糖尿病年度并发症筛查）'),
    uacrMgPerG: num.optional().describe('尿白蛋白/肌酐比值 UACR（mg/g，糖尿病年度并发症筛查）'),
  })
  .refine((v) => (v.systolicMmHg === undefined) === (v.diastolicMmHg === undefined), '收缩压和舒张压需同时提供')
  // The same rule in the document, so it promises what is accepted.
  .meta({ dependentRequired: { systolicMmHg: ['diastolicMmHg'], diastolicMmHg: ['systolicMmHg'] } });

const examResult = z.enum(['normal', 'abnormal']);
/** Examinations without a number: the diabetic annual complication screening of the eyes and the feet. */
export const labExams = z
  .object({ fundus: examResult.optional().describe('眼底检查：正常 / 异常'), foot: examResult.optional().describe('足部检查：正常 / 异常') })
  .strict();

/** A lab result or screening carries at least one value or one examination. */
export const hasSomeResult = (body: { values: Record<string, unknown>; exams?: Record<string, unknown> | undefined }) =>
  Object.values(body.values).some((x) => x !== undefined) || Object.values(body.exams ?? {}).some((x) => x !== undefined);
/** `hasSomeResult` in the document's words, for the bodies that check it. */
export const someResultRule = {
  anyOf: [
    { required: ['values'], properties: { values: { minProperties: 1 } } },
    { required: ['exams'], properties: { exams: { minProperties: 1 } } },
  ],
};

export const labResultBody = z
  .object({ ...residentRef, measuredAt: instant, values: labValues.default({}), exams: labExams.optional(), labName: text(80).optional(), note: text(200).optional() })
  .refine(hasSomeResult, { message: '至少需要一项检测结果', path: ['values'] })
  .meta({
    ...someResultRule,
    description: '筛查或化验结果（血压、空腹/餐后2小时血糖、糖化血红蛋白、血脂四项、同型半胱氨酸）',
    examples: [{ residentSourceId: 'A0001', measuredAt: '2026-03-02T09:30:00+08:00', values: { fastingGlucoseMmolL: 6.4, hba1cPercent: 6.1, ldlCholesterolMmolL: 3.1, hcyUmolL: 16.2 } }],
  });

const nowTarget = <S extends z.ZodType>(schema: S) => z.object({ now: schema.nullable().optional(), target: schema.nullable().optional() });
const level3 = z.enum(['good', 'fair', 'poor']);

export const followUpBody = z
  .object({
    ...residentRef,
    form: z.enum(['hypertension', 'diabetes']).describe('高血压 或 2型糖尿病 患者随访服务记录表'),
    visitedOn: day,
    mode: z.enum(['clinic', 'home', 'phone']).describe('1 门诊 / 2 家庭 / 3 电话'),
    outcome: z.enum(['visited', 'lostToFollowUp', 'died']).default('visited'),
    outcomeNote: text(200).optional().describe('失访原因，或死亡日期和原因'),
    symptoms: z.array(text(20)).max(20).default([]).describe('症状代码或名称，如 头痛头晕、多饮；无症状为空'),
    symptomsOther: text(200).optional(),
    signs: z
      .object({
        systolicMmHg: z.number().int().optional(),
        diastolicMmHg: z.number().int().optional(),
        weightKg: nowTarget(num).optional(),
        bmi: nowTarget(num).optional(),
        heartRateBpm: z.number().int().optional(),
        waistCm: num.optional().describe('腰围 cm（心血管风险评估）'),
        dorsalisPedisPulse: z.enum(['normal', 'weakened', 'absent']).optional().describe('足背动脉搏动（糖尿病表）'),
        other: text(200).optional(),
      })
      .default({}),
    lifestyle: z
      .object({
        cigarettesPerDay: nowTarget(num.min(0).max(200)),
        alcoholLiangPerDay: nowTarget(num.min(0).max(50)),
        exercise: z.object({ timesPerWeek: nowTarget(num.min(0).max(50)), minutesPerTime: nowTarget(num.min(0).max(600)) }).partial(),
        saltIntake: nowTarget(z.enum(['light', 'moderate', 'heavy'])),
        stapleFoodGPerDay: nowTarget(num.min(0).max(3000)).describe('主食（糖尿病表）'),
        psychologicalAdjustment: level3.optional(),
        complianceBehaviour: level3.optional(),
      })
      .partial()
      .default({}),
    auxiliaryExams: text(500).optional(),
    fastingGlucoseMmolL: num.optional(),
    hba1cPercent: num.optional(),
    hba1cOn: day.optional(),
    medicationAdherence: z.enum(['regular', 'intermittent', 'none']).optional().describe('规律 / 间断 / 不服药'),
    adverseReaction: z.object({ present: z.boolean(), description: text(200).optional() }).default({ present: false }),
    hypoglycemiaReaction: z.enum(['none', 'occasional', 'frequent']).optional(),
    classification: z.enum(['satisfied', 'unsatisfied', 'adverseReaction', 'complication']).nullable().optional().describe('此次随访分类：控制满意 / 控制不满意 / 不良反应 / 并发症'),
    medications: z.array(z.object({ drugName: text(80).min(1), timesPerDay: num.min(0).max(12).optional(), doseMgPerTime: num.min(0).max(10000).optional(), doseText: text(60).optional() })).max(20).default([]),
    insulin: z.object({ type: text(60), dose: text(60) }).optional(),
    medicationAdjustment: text(300).optional(),
    referral: z.object({ reason: text(200), institutionAndDepartment: text(120), contactPerson: text(40).optional(), contactPhone: text(20).optional(), result: text(200).optional() }).optional(),
    nextVisitOn: day.optional(),
    doctorName: text(40).optional(),
    advice: text(500).optional().describe('给居民的健康指导'),
  })
  .meta({
    description: '随访服务记录（高血压/2型糖尿病患者随访服务记录表各栏）',
    examples: [
      {
        residentSourceId: 'A0001',
        form: 'hypertension',
        visitedOn: '2026-03-05',
        mode: 'clinic',
        symptoms: ['头痛头晕'],
        signs: { systolicMmHg: 146, diastolicMmHg: 92, weightKg: { now: 72, target: 68 }, bmi: { now: 25.5, target: 24 }, heartRateBpm: 76 },
        lifestyle: { cigarettesPerDay: { now: 5, target: 0 }, saltIntake: { now: 'moderate', target: 'light' }, complianceBehaviour: 'good' },
        medicationAdherence: 'regular',
        adverseReaction: { present: false },
        classification: 'unsatisfied',
        medications: [{ drugName: '氨氯地平片', timesPerDay: 1, doseMgPerTime: 5 }],
        nextVisitOn: '2026-03-19',
        doctorName: '李医生',
        advice: '低盐饮食，每日监测血压，两周后复诊',
      },
    ],
  });

export const medicationPlanBody = z
  .object({
    ...residentRef,
    drugName: text(80).min(1),
    forCondition: z.enum(['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia', 'other']).optional(),
    timesPerDay: num.min(0).max(12).optional(),
    doseMgPerTime: num.min(0).max(10000).optional(),
    doseText: text(60).optional(),
    instructions: text(200).optional(),
    startedOn: day,
    endedOn: day.nullable().optional(),
    status: z.enum(['active', 'stopped']),
    prescribedBy: text(40).optional(),
    timesOfDay: timesOfDaySchema.optional().describe('服药时间（上海时间）；不填则按每日次数取默认时间（1次 08:00；2次 08:00、20:00；3次 08:00、12:00、18:00；4次再加 21:00）'),
    longPrescription: longPrescriptionSchema.optional(),
    programmeSubsidised: z.boolean().optional().describe('项目优惠药品'),
    folateCourse: folateCourseSchema.optional(),
  })
  .meta({
    description: '用药方案。同一编号再次推送不同内容即为新版本（从推送当天起生效，历史版本保留）；居民每天按服药时间收到提醒',
    examples: [
      { residentSourceId: 'A0001', drugName: '氨氯地平片', forCondition: 'hypertension', timesPerDay: 1, doseMgPerTime: 5, startedOn: '2025-11-01', status: 'active' },
      { residentSourceId: 'A0001', drugName: '依那普利叶酸片', forCondition: 'hypertension', doseText: '1片', timesOfDay: ['07:30'], startedOn: '2026-03-01', status: 'active', programmeSubsidised: true, longPrescription: { daysSupply: 84, lastDispensedOn: '2026-03-01' } },
      { residentSourceId: 'A0001', drugName: '5-甲基四氢叶酸', forCondition: 'hyperhomocysteinemia', doseText: '0.8mg', timesOfDay: ['08:00'], startedOn: '2026-03-05', status: 'active', folateCourse: { freeOfCharge: true } },
    ],
  });

const kioskCommon = {
  ...residentRef,
  kioskId: sourceId.optional().describe('一体机（健康小屋）编号'),
  measuredAt: instant,
};

export const kioskReadingBody = z
  .discriminatedUnion('measure', [
    z.object({ ...kioskCommon, measure: z.literal('bp'), systolicMmHg: z.number().int(), diastolicMmHg: z.number().int(), heartRateBpm: z.number().int().optional() }),
    z.object({ ...kioskCommon, measure: z.literal('glucose'), glucoseMmolL: num, timing: z.enum(['fasting', 'postprandial2h', 'random']).default('random') }),
  ])
  .meta({
    description: '健康小屋 / 自检自测一体机的一次测量：作为诊室测量（计入季度达标），按一体机的记录编号去重；紧急值同样通知家庭医生团队',
    examples: [
      { residentSourceId: 'A0001', kioskId: 'KIOSK-EAST-01', measuredAt: '2026-03-10T09:12:00+08:00', measure: 'bp', systolicMmHg: 132, diastolicMmHg: 84, heartRateBpm: 70 },
      { residentSourceId: 'A0001', kioskId: 'KIOSK-EAST-01', measuredAt: '2026-03-10T07:40:00+08:00', measure: 'glucose', glucoseMmolL: 6.2, timing: 'fasting' },
    ],
  });

export const interventionBody = z
  .object({
    ...residentRef,
    kind: z.enum(['methylfolateCourse', 'folicAcid', 'lifestyle', 'other']),
    name: text(80).min(1),
    startedOn: day,
    plannedEndOn: day.optional(),
    recheckOn: day.optional().describe('复查日期（如补充5-甲基四氢叶酸3个月后复查同型半胱氨酸）'),
    completedOn: day.optional(),
    recheckedOn: day.optional(),
    status: z.enum(['planned', 'active', 'completed', 'stopped']),
    note: text(300).optional(),
  })
  .meta({
    description: '干预措施，如5-甲基四氢叶酸疗程及复查日期',
    examples: [{ residentSourceId: 'A0001', kind: 'methylfolateCourse', name: '5-甲基四氢叶酸 0.8mg/日', startedOn: '2026-03-05', plannedEndOn: '2026-06-04', recheckOn: '2026-06-05', status: 'active' }],
  });

/** The record types, their body schemas and the path segment of their single-record endpoint. */
export const recordTypes = {
  archive: { body: archiveBody, segment: 'archives', label: '健康档案' },
  diagnosis: { body: diagnosisBody, segment: 'diagnoses', label: '诊断' },
  contract: { body: contractBody, segment: 'contracts', label: '签约' },
  screening: { body: labResultBody, segment: 'screenings', label: '筛查' },
  labResult: { body: labResultBody, segment: 'lab-results', label: '化验结果' },
  followUp: { body: followUpBody, segment: 'follow-ups', label: '随访记录' },
  medicationPlan: { body: medicationPlanBody, segment: 'medication-plans', label: '用药方案' },
  intervention: { body: interventionBody, segment: 'interventions', label: '干预措施' },
  kioskReading: { body: kioskReadingBody, segment: 'kiosk-readings', label: '一体机测量' },
} as const;

export type RecordType = keyof typeof recordTypes;
export const recordTypeNames = Object.keys(recordTypes) as RecordType[];

export type RecordBody<T extends RecordType> = z.output<(typeof recordTypes)[T]['body']>;
export type AnyRecord = { [T in RecordType]: { type: T; sourceId: string; body: RecordBody<T> } }[RecordType];

export const importResultView = z.object({
  result: z.enum(['created', 'updated', 'unchanged']),
  type: z.enum(recordTypeNames as [RecordType, ...RecordType[]]),
  sourceId: z.string(),
  recordId: z.string(),
  residentId: z.string(),
});
