import { classificationLabels, contractStatusLabels, dueKindLabels, dueStatusLabels, followUpFormLabels, followUpModeLabels, followUpOutcomeLabels, labelOf } from '../../shared/vocabulary';
import { archiveView as archiveSchema, type ArchiveDto } from '../../shared/api/records';
import { parsed } from './apiSchema';
import { formatCalendarDay, formatDate, formatDayRange } from './displayTime';
import { residentRequest } from './profile';
import { activeProfileOrLoad } from './readings';

/**
 * 档案: `GET /api/residents/:residentId/records` mapped to what the page shows — diagnoses, the
 * contract and its team with phone numbers, what is due, lab results, follow-ups (classification and
 * the doctor's advice), medications and interventions. Codes become Chinese here, not in the page.
 */
/** Blank text shows as nothing, like text that was never recorded. */
const str = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export const conditionLabels: Record<string, string> = { hypertension: '高血压', hyperglycemia: '糖尿病（高血糖）', dyslipidemia: '血脂异常', hyperhomocysteinemia: '高同型半胱氨酸' };
const diagnosisStatusLabels: Record<string, string> = { active: '管理中', resolved: '已好转', excluded: '已排除' };
const roleLabels: Record<string, string> = {
  generalPractitioner: '家庭医生',
  specialist: '专科医生',
  publicHealthDoctor: '公卫医生',
  villageDoctor: '乡村医生',
  healthAssistant: '健康管理员',
  nurse: '护士',
  other: '团队成员',
};
const interventionLabels: Record<string, string> = { methylfolateCourse: '5-甲基四氢叶酸疗程', folicAcid: '叶酸', lifestyle: '生活方式干预', other: '其他干预' };
const labValueLabels: Record<string, [string, string]> = {
  systolicMmHg: ['收缩压', 'mmHg'],
  diastolicMmHg: ['舒张压', 'mmHg'],
  heartRateBpm: ['心率', '次/分'],
  glucoseMmolL: ['空腹血糖', 'mmol/L'],
  fastingGlucoseMmolL: ['空腹血糖', 'mmol/L'],
  postprandialGlucoseMmolL: ['餐后2小时血糖', 'mmol/L'],
  postprandial2hGlucoseMmolL: ['餐后2小时血糖', 'mmol/L'],
  randomGlucoseMmolL: ['随机血糖', 'mmol/L'],
  hba1cPercent: ['糖化血红蛋白', '%'],
  totalCholesterolMmolL: ['总胆固醇', 'mmol/L'],
  triglyceridesMmolL: ['甘油三酯', 'mmol/L'],
  ldlCholesterolMmolL: ['LDL-C', 'mmol/L'],
  hdlCholesterolMmolL: ['HDL-C', 'mmol/L'],
  hcyUmolL: ['同型半胱氨酸', 'μmol/L'],
  weightKg: ['体重', 'kg'],
  waistCm: ['腰围', 'cm'],
  egfrMlPerMin: ['肾小球滤过率', 'mL/min'],
  uacrMgPerG: ['尿白蛋白/肌酐', 'mg/g'],
};

export interface PhoneContact {
  /** "家庭医生 李医生" or the team name */
  label: string;
  phone: string;
}

export interface ArchiveView {
  residentName: string;
  heightCm: number | null;
  diagnoses: Array<{ id: string; title: string; meta: string }>;
  hTypeNote: string | null;
  contract: { title: string; meta: string; items: string[]; teamName: string } | null;
  contacts: PhoneContact[];
  due: Array<{ key: string; title: string; dueText: string; overdue: boolean }>;
  labs: Array<{ id: string; dateText: string; lines: string[] }>;
  followUps: Array<{ id: string; title: string; classificationText: string | null; unsatisfied: boolean; advice: string | null; meta: string }>;
  medications: Array<{ id: string; title: string; meta: string }>;
  interventions: Array<{ id: string; title: string; meta: string }>;
}

const examLabels: Record<string, string> = { fundus: '眼底检查', foot: '足部检查' };
const examResultLabels: Record<string, string> = { normal: '正常', abnormal: '异常，请遵医嘱复查' };

/** A lab result's values and examinations as lines: "总胆固醇 5.2 mmol/L", "眼底检查 正常". */
export function labLines(values: Record<string, unknown>, exams: Record<string, unknown> = {}): string[] {
  return [
    ...Object.entries(values).flatMap(([key, value]) => {
      const n = num(value);
      if (n === null) return [];
      const [label, unit] = labValueLabels[key] ?? ['检查结果', ''];
      return [`${label} ${n} ${unit}`.trim()];
    }),
    ...Object.entries(exams).flatMap(([key, value]) => (examLabels[key] && examResultLabels[String(value)] ? [`${examLabels[key]} ${examResultLabels[String(value)]}`] : [])),
  ];
}

export function archiveView(data: ArchiveDto): ArchiveView {
  const { resident, contract } = data;
  const team = contract?.team ?? null;
  const contacts: PhoneContact[] = [];
  if (team) {
    const teamPhone = str(team.phone);
    if (teamPhone) contacts.push({ label: `${str(team.name) ?? '家庭医生团队'}（团队电话）`, phone: teamPhone });
    for (const member of team.members) {
      const phone = str(member.phone);
      if (phone) contacts.push({ label: `${roleLabels[member.role] ?? '团队成员'} ${str(member.name) ?? ''}`.trim(), phone });
    }
  }
  return {
    residentName: str(resident.name) ?? '',
    heightCm: num(resident.heightCm),
    diagnoses: data.diagnoses.map((d) => ({
      id: d.diagnosisId,
      title: conditionLabels[d.condition] ?? d.condition,
      meta: `${formatCalendarDay(str(d.diagnosedOn))} 确诊 · ${diagnosisStatusLabels[d.status] ?? ''}${str(d.text) ? ` · ${String(d.text)}` : ''}`,
    })),
    hTypeNote: data.hTypeHypertension ? 'H型高血压（高血压伴同型半胱氨酸 ≥10）：请按医生要求补充叶酸、定期复查' : null,
    contract: contract
      ? {
          title: str(contract.packageName) ?? '家庭医生签约服务',
          meta: `${formatDayRange(str(contract.startsOn), str(contract.endsOn))} · ${labelOf(contractStatusLabels, str(contract.status))}`,
          items: contract.packageItems,
          teamName: team ? (str(team.name) ?? '') : '',
        }
      : null,
    contacts,
    due: data.due.map((d) => ({
      key: d.key,
      title: labelOf(dueKindLabels, str(d.kind), '待办事项'),
      dueText: `${labelOf(dueStatusLabels, str(d.status))} · ${formatCalendarDay(str(d.dueBy))}前`,
      overdue: d.status === 'overdue',
    })),
    labs: data.labResults.map((l) => ({
      id: l.labResultId,
      dateText: `${formatDate(str(l.measuredAt))}${str(l.labName) ? ` · ${String(l.labName)}` : ''}`,
      lines: labLines(l.values, l.exams),
    })),
    followUps: data.followUps.map((f) => {
      const classification = str(f.classification);
      const outcome = labelOf(followUpOutcomeLabels, str(f.outcome));
      const systolic = num(f.signs['systolicMmHg']);
      const diastolic = num(f.signs['diastolicMmHg']);
      const bp = systolic !== null && diastolic !== null ? ` · 血压 ${systolic}/${diastolic}` : '';
      return {
        id: f.followUpId,
        title: `${formatCalendarDay(str(f.visitedOn))} ${labelOf(followUpFormLabels, str(f.form), '随访')}（${labelOf(followUpModeLabels, str(f.mode))}）${outcome ? ` · ${outcome}` : ''}`,
        classificationText: str(f.classificationLabel) ?? (classification ? labelOf(classificationLabels, classification) || null : null),
        unsatisfied: classification !== null && classification !== 'satisfied',
        advice: str(f.advice),
        meta: `${str(f.doctorName) ? `医生：${String(f.doctorName)}` : ''}${bp}${str(f.nextVisitOn) ? ` · 下次随访 ${formatCalendarDay(str(f.nextVisitOn))}` : ''}`.replace(/^ · /, ''),
      };
    }),
    medications: data.medications.map((m) => {
      const times = num(m.timesPerDay);
      const dose = num(m.doseMgPerTime);
      const doseText = str(m.doseText) ?? [times !== null ? `每日${times}次` : '', dose !== null ? `每次${dose}mg` : ''].filter(Boolean).join('，');
      return {
        id: m.medicationPlanId,
        title: str(m.drugName) ?? '药品',
        meta: [doseText, str(m.instructions), m.status === 'stopped' ? '已停用' : str(m.startedOn) ? `${formatCalendarDay(str(m.startedOn))}起` : null].filter(Boolean).join(' · '),
      };
    }),
    interventions: data.interventions.map((i) => ({
      id: i.interventionId,
      title: str(i.name) ?? interventionLabels[i.kind] ?? '干预',
      meta: [str(i.startedOn) ? `${formatCalendarDay(str(i.startedOn))}开始` : null, str(i.recheckOn) ? `${formatCalendarDay(str(i.recheckOn))}复查` : null, str(i.note)].filter(Boolean).join(' · '),
    })),
  };
}

export async function loadArchive(): Promise<ArchiveView> {
  const profile = await activeProfileOrLoad();
  return archiveView(await parsed(archiveSchema, residentRequest('/records', {}, profile)));
}

/** Height on the archive, for the BMI shown while typing a weight; null when unknown or offline. */
export async function loadHeightCm(): Promise<number | null> {
  try {
    return (await loadArchive()).heightCm;
  } catch {
    return null;
  }
}
