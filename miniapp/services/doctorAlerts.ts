import { clinicalReasonMessages } from '../../shared/clinical/reasonMessages';
import { formatAgo, formatDateTime } from './displayTime';
import { isRecord, num, staffPath, str, unexpected } from './doctorDto';
import { api } from './http';

/**
 * 家庭医生工作台, a resident's open alerts: 确认收到 → 拨打电话 → 关闭.
 *
 *   acknowledgeAlert(alertId)       POST /api/staff/alerts/:alertId/acknowledge
 *   closeAlert(alertId, note)       POST /api/staff/alerts/:alertId/close
 *   revealPhone(residentId, alert)  POST /api/staff/residents/:id/phone   (audited; only on 拨打电话)
 */

export type AlertState = 'open' | 'acknowledged' | 'closed';

export interface AlertView {
  alertId: string;
  state: AlertState;
  stateText: string;
  /** "186/104 mmHg" or "血糖 17.2 mmol/L" */
  valueText: string;
  reasonsText: string;
  raisedText: string;
  /** "12 分钟前" */
  agoText: string;
  acknowledgedText: string | null;
  closeNote: string | null;
}

const alertStateTexts: Record<AlertState, string> = { open: '未处理', acknowledged: '已确认，待关闭', closed: '已关闭' };

function alertValueText(measure: string, values: Record<string, unknown>): string {
  const sbp = num(values['systolicMmHg']);
  const dbp = num(values['diastolicMmHg']);
  if (sbp !== null && dbp !== null) return `血压 ${sbp}/${dbp} mmHg`;
  const glucose = num(values['glucoseMmolL']);
  if (glucose !== null) return `血糖 ${glucose} mmol/L`;
  return measure === 'bp' ? '血压' : measure;
}

/** Pure: an alert of the service as the detail screen shows it. */
export function alertViewOf(alert: Record<string, unknown>, nowMs: number = Date.now()): AlertView {
  const state = (['open', 'acknowledged', 'closed'] as const).find((s) => s === alert['state']) ?? 'open';
  const reasons = Array.isArray(alert['reasons']) ? alert['reasons'].filter((r): r is string => typeof r === 'string') : [];
  const raisedAt = str(alert['raisedAt']);
  return {
    alertId: String(alert['alertId']),
    state,
    stateText: alertStateTexts[state],
    valueText: alertValueText(String(alert['measure']), isRecord(alert['values']) ? alert['values'] : {}),
    reasonsText: reasons.map((r) => (clinicalReasonMessages as Record<string, string>)[r] ?? '紧急值').join('；'),
    raisedText: formatDateTime(raisedAt),
    agoText: formatAgo(raisedAt, nowMs),
    acknowledgedText: str(alert['acknowledgedAt']) ? `已确认 ${formatDateTime(str(alert['acknowledgedAt']))}` : null,
    closeNote: str(alert['closeNote']),
  };
}

function readAlert(data: unknown): AlertView {
  if (!isRecord(data) || !isRecord(data['alert'])) throw unexpected();
  return alertViewOf(data['alert']);
}

export async function acknowledgeAlert(alertId: string): Promise<AlertView> {
  return readAlert(await api.post<unknown>(`/api/staff/alerts/${encodeURIComponent(alertId)}/acknowledge`, {}));
}

/** The note is required: what was done (已电话联系，复测 150/92 …). */
export function closeNoteProblem(note: string): string | null {
  if (note.trim() === '') return '请写一句处理情况，如“已电话联系，复测 150/92，已调整用药”';
  if (note.trim().length > 500) return '处理说明最多 500 字';
  return null;
}

export async function closeAlert(alertId: string, note: string): Promise<AlertView> {
  return readAlert(await api.post<unknown>(`/api/staff/alerts/${encodeURIComponent(alertId)}/close`, { note: note.trim() }));
}

/** The resident's phone number, revealed for this call only (the service records who asked and why). */
export async function revealPhone(residentId: string, alertId: string | null): Promise<string> {
  const data = await api.post<unknown>(staffPath(residentId, '/phone'), alertId ? { alertId, reason: '预警电话联系' } : { reason: '随访电话联系' });
  const phone = isRecord(data) ? str(data['phone']) : null;
  if (!phone) throw unexpected();
  return phone;
}
