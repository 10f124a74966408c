import { alertResponse, type AlertDto } from '../../shared/api/alerts';
import { residentPhoneView } from '../../shared/api/panel';
import { clinicalReasonMessages } from '../../shared/clinical/reasonMessages';
import { ApiError } from './apiError';
import { parsed } from './apiSchema';
import { formatAgo, formatDateTime } from './displayTime';
import { staffPath } from './staffApi';
import { api } from './http';

/**
 * 家庭医生工作台, a resident's open alerts: 确认收到 → 拨打电话 → 关闭.
 *
 *   acknowledgeAlert(alertId)       POST /api/staff/alerts/:alertId/acknowledge
 *   closeAlert(alertId, note)       POST /api/staff/alerts/:alertId/close
 *   revealPhone(residentId, alert)  POST /api/staff/residents/:id/phone   (audited; only on 拨打电话)
 */

export type AlertState = AlertDto['state'];

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

function alertValueText(measure: string, values: AlertDto['values']): string {
  const sbp = values['systolicMmHg'];
  const dbp = values['diastolicMmHg'];
  if (sbp !== undefined && dbp !== undefined) return `血压 ${sbp}/${dbp} mmHg`;
  const glucose = values['glucoseMmolL'];
  if (glucose !== undefined) return `血糖 ${glucose} mmol/L`;
  return measure === 'bp' ? '血压' : measure;
}

/** Pure: an alert of the service as the detail screen shows it. */
export function alertViewOf(alert: AlertDto, nowMs: number = Date.now()): AlertView {
  return {
    alertId: alert.alertId,
    state: alert.state,
    stateText: alertStateTexts[alert.state],
    valueText: alertValueText(alert.measure, alert.values),
    reasonsText: alert.reasons.map((r) => (clinicalReasonMessages as Record<string, string>)[r] ?? '紧急值').join('；'),
    raisedText: formatDateTime(alert.raisedAt),
    agoText: formatAgo(alert.raisedAt, nowMs),
    acknowledgedText: alert.acknowledgedAt ? `已确认 ${formatDateTime(alert.acknowledgedAt)}` : null,
    closeNote: alert.closeNote || null,
  };
}

export async function acknowledgeAlert(alertId: string): Promise<AlertView> {
  const { alert } = await parsed(alertResponse, api.post(`/api/staff/alerts/${encodeURIComponent(alertId)}/acknowledge`, {}));
  return alertViewOf(alert);
}

/** The note is required: what was done (已电话联系，复测 150/92 …). */
export function closeNoteProblem(note: string): string | null {
  if (note.trim() === '') return '请写一句处理情况，如“已电话联系，复测 150/92，已调整用药”';
  if (note.trim().length > 500) return '处理说明最多 500 字';
  return null;
}

export async function closeAlert(alertId: string, note: string): Promise<AlertView> {
  const { alert } = await parsed(alertResponse, api.post(`/api/staff/alerts/${encodeURIComponent(alertId)}/close`, { note: note.trim() }));
  return alertViewOf(alert);
}

/** The resident's phone number, revealed for this call only (the service records who asked and why). */
export async function revealPhone(residentId: string, alertId: string | null): Promise<string> {
  const revealed = await parsed(residentPhoneView, api.post(staffPath(residentId, '/phone'), alertId ? { alertId, reason: '预警电话联系' } : { reason: '随访电话联系' }));
  if (!revealed.phone) throw new ApiError({ code: 'unexpected_response', status: 200 });
  return revealed.phone;
}
