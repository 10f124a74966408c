import { z } from 'zod';

/**
 * The family care loop's API shapes (urgent readings for the resident and their relatives, the
 * team's service number, relatives' notices, the weekly summary and what the resident shares):
 * the routes validate their answers with these, the mini-program's services parse them with the
 * same schemas. Instants are ISO-8601 strings; days are Shanghai `YYYY-MM-DD`.
 */
const iso = z.string();

export const teamContactSchema = z.object({
  teamId: z.string(),
  name: z.string().describe('团队名称，如“东城家庭医生一队”'),
  phone: z.string().nullable().describe('团队服务电话；null：还没有登记'),
});
export type TeamContactDto = z.infer<typeof teamContactSchema>;

export const careAlertSchema = z.object({
  alertId: z.string(),
  state: z.enum(['open', 'acknowledged', 'closed']),
  measure: z.string(),
  headline: z.string().describe('如“血压很高（3级），需要立即处理”'),
  valueText: z.string().describe('如“184/114 mmHg”'),
  steps: z.array(z.string()).describe('现在该怎么做，按顺序'),
  call120Symptoms: z.array(z.string()).describe('出现任何一种就立即拨打120'),
  measuredAt: iso,
  raisedAt: iso,
  acknowledgedAt: iso.nullable(),
  acknowledgedBy: z.string().nullable().describe('确认收到的医生姓名；null：未确认或团队未登记姓名'),
  closedAt: iso.nullable(),
  closedBy: z.string().nullable(),
  closeNote: z.string().nullable().describe('医生的处理说明'),
  enteredByFamily: z.boolean().describe('这次读数由家属代录'),
});
export type CareAlertDto = z.infer<typeof careAlertSchema>;

export const urgentStatusSchema = z.object({
  alert: careAlertSchema.nullable().describe('未处理完的紧急读数（或 3 天内刚处理完的）；null：没有'),
  team: teamContactSchema.nullable(),
});
export type UrgentStatusDto = z.infer<typeof urgentStatusSchema>;

export const familyNoticeSchema = z.object({
  noticeId: z.string(),
  kind: z.enum(['urgentReading', 'urgentAcknowledged', 'urgentClosed', 'weeklySummary']),
  title: z.string(),
  body: z.string(),
  createdAt: iso,
  read: z.boolean(),
  alertId: z.string().nullable(),
});
export const familyNoticesSchema = z.object({
  notices: z.array(familyNoticeSchema),
  unreadCount: z.number().int(),
  templateIds: z.object({ urgentReading: z.string(), weeklySummary: z.string() }).describe('家属可以在小程序里允许接收的订阅消息模板'),
});
export type FamilyNoticesDto = z.infer<typeof familyNoticesSchema>;
/** How many of the relative's notices marking them read changed. */
export const familyNoticesMarkedSchema = z.object({ marked: z.number().int() });

export const weeklySummarySchema = z.object({
  summaryId: z.string(),
  weekStart: z.string(),
  weekEnd: z.string(),
  readingCount: z.number().int(),
  atTargetCount: z.number().int(),
  judgedCount: z.number().int(),
  familyEnteredCount: z.number().int(),
  pointsEarned: z.number().int(),
  nextVisit: z.object({ date: z.string(), startTime: z.string(), kindText: z.string(), placeText: z.string() }).nullable(),
  nextDue: z.object({ kindText: z.string(), dueBy: z.string(), overdue: z.boolean() }).nullable(),
  createdAt: iso,
});
export type WeeklySummaryDto = z.infer<typeof weeklySummarySchema>;

export const weeklySummariesSchema = z.object({
  residentName: z.string(),
  summaries: z.array(weeklySummarySchema),
  sharedWithFamily: z.boolean().describe('居民是否同意把每周小结发给家属'),
  templateId: z.string().describe('每周小结订阅消息模板（在小程序里请求一次性订阅）'),
});
export type WeeklySummariesDto = z.infer<typeof weeklySummariesSchema>;

export const familySharingSchema = z.object({
  weeklySummary: z.boolean().describe('把每周小结发给有“查看”权限的家属'),
  updatedAt: iso.nullable(),
});
export type FamilySharingDto = z.infer<typeof familySharingSchema>;
export const familySharingBody = z.object({ weeklySummary: z.boolean() });

/** 家人代办记录, collapsed: one row per relative per day, what they did in plain words with counts. */
export const proxyActivitySchema = z.object({
  days: z.array(
    z.object({
      day: z.string(),
      people: z.array(
        z.object({
          proxyLinkId: z.string().nullable(),
          who: z.string().describe('如“女儿”；关系未登记时为“家人”'),
          things: z.array(z.object({ text: z.string().describe('如“查看了健康记录”'), count: z.number().int() })),
          firstAt: iso,
          lastAt: iso,
        }),
      ),
    }),
  ),
});
export type ProxyActivityDto = z.infer<typeof proxyActivitySchema>;
