import { z } from 'zod';
import { sexValue } from './common';
import { calendarDay, instant, objectId } from './formats';
import { panelRiskView } from './risk';

/**
 * The doctor's workspace as the service answers it (server/routes/panel.ts): the team panel, the
 * staff notices and a resident's phone number revealed for a call. The mini-program's doctor
 * screens parse the same answers with these schemas.
 */
export const panelConditions = ['hypertension', 'hyperglycemia', 'dyslipidemia', 'hyperhomocysteinemia'] as const;
export const panelControls = ['atTarget', 'notAtTarget', 'unknown'] as const;
export const adherenceLevels = ['good', 'poor', 'unknown'] as const;

export const panelEntryView = z.object({
  residentId: objectId,
  name: z.string(),
  sex: sexValue,
  ageYears: z.number().int(),
  conditions: z.array(z.string()),
  control: z.enum(panelControls),
  lastFollowUpOn: calendarDay().nullable(),
  followUpDueBy: calendarDay().nullable(),
  overdue: z.boolean(),
  openAlerts: z.number(),
  oldestOpenAlertAt: instant.nullable(),
  unresolvedAlerts: z.number(),
  risk: panelRiskView,
  adherence: z.object({ percent: z.number().int().nullable(), level: z.enum(adherenceLevels) }).describe('近30天服药依从性（按时服药天数比例）；poor 即依从性差（<80%）'),
});
export type PanelEntryDto = z.infer<typeof panelEntryView>;

export const panelPageView = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), today: calendarDay(), residents: z.array(panelEntryView) });

export const staffNoticeView = z.object({
  noticeId: objectId,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  refs: z.record(z.string(), z.unknown()).describe('相关对象，如 { alertId, residentId, teamId }'),
  createdAt: instant,
  readAt: instant.nullable(),
});
export type StaffNoticeDto = z.infer<typeof staffNoticeView>;

export const staffNoticePageView = z.object({ total: z.number(), notices: z.array(staffNoticeView) });
export const staffNoticeReadView = z.object({ notice: staffNoticeView });

export const residentPhoneView = z.object({ residentId: objectId, phone: z.string() });
