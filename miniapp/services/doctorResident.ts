import { passbookSummarySchema, type PassbookSummaryDto } from '../../shared/api/passbook';
import { dueItemsView } from '../../shared/api/followups';
import { residentSummaryView, type ResidentSummaryDto, type SummaryDueItemDto, type SummaryReadingDto } from '../../shared/api/residentSummary';
import { gradeLabels } from '../../shared/clinical/labels';
import { contractStatusLabels, dueKindLabels, dueStatusLabels, followUpFormLabels, followUpModeLabels, labelOf } from '../../shared/vocabulary';
import { parsed } from './apiSchema';
import { formatCalendarDay, formatDateTime, formatDayRange } from './displayTime';
import { alertViewOf, type AlertView } from './doctorAlerts';
import { staffPath } from './staffApi';
import { conditionsText, sexAgeText } from './doctorLabels';
import { openProtectedFile, type ProtectedFileOutcome } from './fileExport';
import { api } from './http';
import { residentPath } from './profile';
import { isReadingMeasure, measureLabels } from './readingForms';
import { measureUnits, valueTextOf } from './readingDisplay';
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
/** The summary's due items and the resident's own due list (GET /due-items) share these fields. */
export function dueLinesOf(items: ReadonlyArray<Pick<SummaryDueItemDto, 'key' | 'kind' | 'kindLabel' | 'dueBy' | 'status'>>): DueLineView[] {
  return items.map((item) => ({
    key: item.key,
    title: item.kindLabel || labelOf(dueKindLabels, item.kind, '待办事项'),
    dueText: `${labelOf(dueStatusLabels, item.status)} · ${formatCalendarDay(item.dueBy)}前`,
    overdue: item.status === 'overdue',
  }));
}

export async function loadDueLines(residentId: string): Promise<DueLineView[]> {
  const { items } = await parsed(dueItemsView, api.get(residentPath(residentId, '/due-items')));
  return dueLinesOf(items);
}

function readingLineOf(r: SummaryReadingDto): ReadingLineView {
  const measure = r.measure;
  const known = isReadingMeasure(measure);
  const verdict = r.atTarget === true ? '达标' : r.atTarget === false ? '未达标' : null;
  return {
    measure,
    title: known ? measureLabels[measure] : '读数',
    valueText: known ? `${valueTextOf(measure, r.values)} ${measureUnits[measure]}` : '',
    meta: [formatDateTime(r.measuredAt), r.grade ? (gradeLabels[r.grade] ?? null) : null, verdict, r.source === 'clinic' ? '诊室测量' : '家庭自测'].filter(Boolean).join(' · '),
    urgent: r.urgent,
  };
}

/** Pure: `GET /api/staff/residents/:id` (and the passbook, when it could be read) as the detail screen. */
export function residentDetailOf(residentId: string, summary: ResidentSummaryDto, passbook: PassbookSummaryDto | null, nowMs: number = Date.now()): ResidentDetailView {
  const { resident, contract, openAlerts } = summary;
  return {
    residentId,
    name: resident.name,
    sexAgeText: sexAgeText(resident.sex, resident.ageYears),
    ageYears: resident.ageYears,
    phoneMasked: resident.phoneMasked || null,
    idNumberMasked: resident.idNumberMasked,
    conditions: summary.conditions,
    conditionsText: conditionsText(summary.conditions),
    hTypeNote: summary.hTypeHypertension ? 'H型高血压（Hcy ≥ 10 μmol/L）' : null,
    contract: contract
      ? {
          contractId: contract.contractId,
          packageName: contract.packageName || '家庭医生签约服务',
          periodText: formatDayRange(contract.startsOn, contract.endsOn),
          statusText: labelOf(contractStatusLabels, contract.status),
          status: contract.status,
          endsOn: contract.endsOn,
        }
      : null,
    // Not yet seen first (open before acknowledged), oldest first within each.
    alerts: [...openAlerts.filter((a) => a.state === 'open'), ...openAlerts.filter((a) => a.state !== 'open')].map((a) => alertViewOf(a, nowMs)),
    due: dueLinesOf(summary.due),
    readings: summary.lastReadings.map(readingLineOf),
    labs: summary.lastLabResults.map((l) => ({
      id: l.labResultId,
      dateText: `${formatDateTime(l.measuredAt)}${l.kind === 'screening' ? ' · 筛查' : ' · 化验'}`,
      lines: labLines(l.values, l.exams),
    })),
    followUps: summary.lastFollowUps.map((f) => {
      const { systolicMmHg: sbp, diastolicMmHg: dbp } = f;
      return {
        followUpId: f.followUpId,
        title: `${formatCalendarDay(f.visitedOn)} ${labelOf(followUpFormLabels, f.form, '随访')}（${labelOf(followUpModeLabels, f.mode)}）`,
        classificationText: f.classificationLabel || null,
        attention: f.classification !== null && f.classification !== 'satisfied',
        meta: [sbp !== null && dbp !== null ? `血压 ${sbp}/${dbp}` : null, f.nextVisitOn ? `下次 ${formatCalendarDay(f.nextVisitOn)}` : null, f.doctorName].filter(Boolean).join(' · '),
      };
    }),
    balancePoints: passbook ? passbook.balancePoints : null,
  };
}

export async function loadResidentDetail(residentId: string): Promise<ResidentDetailView> {
  const [summary, passbook] = await Promise.all([
    parsed(residentSummaryView, api.get(staffPath(residentId, ''))),
    // The balance is a nicety on this screen: never let it stop the doctor from working.
    parsed(passbookSummarySchema, api.get(residentPath(residentId, '/passbook'))).catch(() => null),
  ]);
  return residentDetailOf(residentId, summary, passbook);
}

/** 打印存折明细: the resident's points statement as a PDF. */
export async function printStatement(residentId: string, residentName: string): Promise<ProtectedFileOutcome> {
  return openProtectedFile({ path: staffPath(residentId, '/passbook/statement.pdf'), kind: 'pdf', fileName: `积分明细-${residentName || residentId}.pdf` });
}
