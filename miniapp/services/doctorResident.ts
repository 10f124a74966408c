import { gradeLabels } from '../../shared/clinical/labels';
import { contractStatusLabels, dueKindLabels, dueStatusLabels, followUpFormLabels, followUpModeLabels, labelOf } from '../../shared/vocabulary';
import { formatCalendarDay, formatDateTime, formatDayRange } from './displayTime';
import { alertViewOf, type AlertView } from './doctorAlerts';
import { isRecord, list, num, staffPath, str, unexpected } from './doctorDto';
import { conditionsText, sexAgeText } from './doctorLabels';
import { openProtectedFile, type ProtectedFileOutcome } from './fileExport';
import { api } from './http';
import { residentPath } from './profile';
import { isReadingMeasure, measureLabels } from './readingForms';
import { measureUnits, valueTextOf } from './readings';
import { labLines } from './records';

/**
 * 家庭医生工作台, one resident's screen: the summary with due items, latest readings, follow-ups,
 * the contract and open alerts, and the printed passbook statement.
 *
 *   loadResidentDetail(id)          GET  /api/staff/residents/:id (+ GET /api/residents/:id/passbook)
 *   loadDueLines(id)                GET  /api/residents/:id/due-items
 *   printStatement(id, name)        GET  /api/staff/residents/:id/passbook/statement.pdf
 */

export interface DueLineView {
  key: string;
  title: string;
  dueText: string;
  overdue: boolean;
}

export interface ReadingLineView {
  measure: string;
  title: string;
  valueText: string;
  meta: string;
  urgent: boolean;
}

export interface FollowUpLineView {
  followUpId: string;
  title: string;
  classificationText: string | null;
  attention: boolean;
  meta: string;
}

export interface ContractLineView {
  contractId: string;
  packageName: string;
  periodText: string;
  statusText: string;
  /** active / expired / terminated */
  status: string;
  endsOn: string;
}

export interface ResidentDetailView {
  residentId: string;
  name: string;
  sexAgeText: string | null;
  ageYears: number | null;
  phoneMasked: string | null;
  idNumberMasked: string;
  conditions: string[];
  conditionsText: string;
  hTypeNote: string | null;
  contract: ContractLineView | null;
  alerts: AlertView[];
  due: DueLineView[];
  readings: ReadingLineView[];
  labs: Array<{ id: string; dateText: string; lines: string[] }>;
  followUps: FollowUpLineView[];
  /** null: the passbook could not be read just now (never blocks the screen). */
  balancePoints: number | null;
}

/** Pure: due items (of the summary or of `GET /api/residents/:id/due-items`) as lines. */
export function dueLinesOf(items: unknown): DueLineView[] {
  return list(items).map((item) => ({
    key: String(item['key']),
    title: str(item['kindLabel']) ?? labelOf(dueKindLabels, str(item['kind']), '待办事项'),
    dueText: `${labelOf(dueStatusLabels, str(item['status']))} · ${formatCalendarDay(str(item['dueBy']))}前`,
    overdue: item['status'] === 'overdue',
  }));
}

export async function loadDueLines(residentId: string): Promise<DueLineView[]> {
  const data = await api.get<unknown>(residentPath(residentId, '/due-items'));
  return dueLinesOf(isRecord(data) ? data['items'] : []);
}

function readingLineOf(r: Record<string, unknown>): ReadingLineView {
  const measure = String(r['measure']);
  const values = isRecord(r['values']) ? r['values'] : {};
  const known = isReadingMeasure(measure);
  const grade = str(r['grade']);
  const verdict = r['atTarget'] === true ? '达标' : r['atTarget'] === false ? '未达标' : null;
  return {
    measure,
    title: known ? measureLabels[measure] : '读数',
    valueText: known ? `${valueTextOf(measure, values)} ${measureUnits[measure]}` : '',
    meta: [formatDateTime(str(r['measuredAt'])), grade ? (gradeLabels[grade] ?? null) : null, verdict, r['source'] === 'clinic' ? '诊室测量' : '家庭自测'].filter(Boolean).join(' · '),
    urgent: r['urgent'] === true,
  };
}

/** Pure: `GET /api/staff/residents/:id` (and the passbook balance) as the detail screen. */
export function residentDetailOf(residentId: string, summary: unknown, passbook: unknown, nowMs: number = Date.now()): ResidentDetailView {
  if (!isRecord(summary) || !isRecord(summary['resident'])) throw unexpected();
  const resident = summary['resident'];
  const conditions = Array.isArray(summary['conditions']) ? summary['conditions'].filter((c): c is string => typeof c === 'string') : [];
  const contract = isRecord(summary['contract']) ? summary['contract'] : null;
  const alerts = list(summary['openAlerts']);
  return {
    residentId,
    name: str(resident['name']) ?? '',
    sexAgeText: sexAgeText(resident['sex'], resident['ageYears']),
    ageYears: num(resident['ageYears']),
    phoneMasked: str(resident['phoneMasked']),
    idNumberMasked: str(resident['idNumberMasked']) ?? '',
    conditions,
    conditionsText: conditionsText(conditions),
    hTypeNote: summary['hTypeHypertension'] === true ? 'H型高血压（Hcy ≥ 10 μmol/L）' : null,
    contract: contract
      ? {
          contractId: String(contract['contractId']),
          packageName: str(contract['packageName']) ?? '家庭医生签约服务',
          periodText: formatDayRange(str(contract['startsOn']), str(contract['endsOn'])),
          statusText: labelOf(contractStatusLabels, str(contract['status'])),
          status: String(contract['status']),
          endsOn: String(contract['endsOn']),
        }
      : null,
    // Not yet seen first (open before acknowledged), oldest first within each.
    alerts: [...alerts.filter((a) => a['state'] === 'open'), ...alerts.filter((a) => a['state'] !== 'open')].map((a) => alertViewOf(a, nowMs)),
    due: dueLinesOf(summary['due']),
    readings: list(summary['lastReadings']).map(readingLineOf),
    labs: list(summary['lastLabResults']).map((l) => ({
      id: String(l['labResultId']),
      dateText: `${formatDateTime(str(l['measuredAt']))}${l['kind'] === 'screening' ? ' · 筛查' : ' · 化验'}`,
      lines: labLines(isRecord(l['values']) ? l['values'] : {}, isRecord(l['exams']) ? l['exams'] : {}),
    })),
    followUps: list(summary['lastFollowUps']).map((f) => {
      const sbp = num(f['systolicMmHg']);
      const dbp = num(f['diastolicMmHg']);
      return {
        followUpId: String(f['followUpId']),
        title: `${formatCalendarDay(str(f['visitedOn']))} ${labelOf(followUpFormLabels, str(f['form']), '随访')}（${labelOf(followUpModeLabels, str(f['mode']))}）`,
        classificationText: str(f['classificationLabel']),
        attention: f['classification'] !== null && f['classification'] !== 'satisfied',
        meta: [sbp !== null && dbp !== null ? `血压 ${sbp}/${dbp}` : null, str(f['nextVisitOn']) ? `下次 ${formatCalendarDay(str(f['nextVisitOn']))}` : null, str(f['doctorName'])].filter(Boolean).join(' · '),
      };
    }),
    balancePoints: isRecord(passbook) ? num(passbook['balancePoints']) : null,
  };
}

export async function loadResidentDetail(residentId: string): Promise<ResidentDetailView> {
  const [summary, passbook] = await Promise.all([
    api.get<unknown>(staffPath(residentId, '')),
    // The balance is a nicety on this screen: never let it stop the doctor from working.
    api.get<unknown>(residentPath(residentId, '/passbook')).catch(() => null),
  ]);
  return residentDetailOf(residentId, summary, passbook);
}

/** 打印存折明细: the resident's points statement as a PDF. */
export async function printStatement(residentId: string, residentName: string): Promise<ProtectedFileOutcome> {
  return openProtectedFile({ path: staffPath(residentId, '/passbook/statement.pdf'), kind: 'pdf', fileName: `积分明细-${residentName || residentId}.pdf` });
}
