import type { Connection } from 'mongoose';
import { accountSchema } from '../models/account';
import { ledgerCommitSchema, ledgerSweepSchema } from '../models/ledgerCommit';
import { pointsPolicyVersionSchema } from '../models/pointsPolicyVersion';
import { auditEntrySchema } from '../models/auditEntry';
import { bindingCodeSchema } from '../models/bindingCode';
import { consentSchema } from '../models/consent';
import { invitationSchema } from '../models/invitation';
import { noticeSchema } from '../models/notice';
import { proxyLinkSchema } from '../models/proxyLink';
import { residentSchema } from '../models/resident';
import { jobSchema } from '../models/job';
import { rateLimitCounterSchema } from '../models/rateLimitCounter';
import { leaseSchema } from '../models/lease';
import { sessionSchema } from '../models/session';
import { alertSchema } from '../models/alert';
import { archiveSourceSchema } from '../models/archiveSource';
import { contractSchema } from '../models/contract';
import { diagnosisSchema } from '../models/diagnosis';
import { domainEventSchema } from '../models/domainEvent';
import { followUpRecordSchema } from '../models/followUpRecord';
import { integrationClientSchema } from '../models/integrationClient';
import { integrationNonceSchema } from '../models/integrationNonce';
import { interventionSchema } from '../models/intervention';
import { labResultSchema } from '../models/labResult';
import { medicationPlanSchema } from '../models/medicationPlan';
import { medicationDoseSchema } from '../models/medicationDose';
import { adherenceSnapshotSchema } from '../models/adherenceSnapshot';
import { meterSchema } from '../models/meter';
import { readingSchema } from '../models/reading';
import { cashierInvitationSchema } from '../models/cashierInvitation';
import { checkoutSchema } from '../models/checkout';
import { paymentNotificationSchema } from '../models/paymentNotification';
import { pharmacySchema } from '../models/pharmacy';
import { redemptionCodeSchema } from '../models/redemptionCode';
import { refundSchema } from '../models/refund';
import { settlementStatementSchema } from '../models/settlementStatement';
import { availabilitySlotSchema } from '../models/availabilitySlot';
import { bookingSchema } from '../models/booking';
import { reminderSchema } from '../models/reminder';
import { reportCursorSchema, reportPointsMonthSchema, reportResidentYearSchema, reportRollupSchema } from '../models/reportAggregate';
import { institutionSchema } from '../models/institution';
import { teamSchema } from '../models/team';
import { staffNoticeSchema } from '../models/staffNotice';
import { comanagementCaseSchema } from '../models/comanagementCase';
import { specialistVisitSchema } from '../models/specialistVisit';
import { referralSchema } from '../models/referral';
import { educationAttendanceSchema, educationClassSchema, educationItemSchema, educationProgressSchema } from '../models/educationItem';
import { satisfactionResponseSchema } from '../models/satisfactionResponse';

/** Where the rate-limit counters live; the model declares the collection's indexes. */
export const RATE_LIMIT_COLLECTION = 'rate_limits';
import { careNoticeSchema } from '../models/careNotice';
import { weeklySummaryRunSchema, weeklySummarySchema } from '../models/weeklySummary';

/**
 * Models are bound to a connection rather than to mongoose's global one, so a test file, a second
 * service instance or a benchmark can each use their own database in one process.
 */
export function bindModels(connection: Connection) {
  return {
    Account: connection.model('Account', accountSchema, 'accounts'),
    Job: connection.model('Job', jobSchema, 'jobs'),
    RateLimitCounter: connection.model('RateLimitCounter', rateLimitCounterSchema, RATE_LIMIT_COLLECTION),
    Lease: connection.model('Lease', leaseSchema, 'leases'),
    Session: connection.model('Session', sessionSchema, 'sessions'),
    LedgerCommit: connection.model('LedgerCommit', ledgerCommitSchema, 'ledger_commits'),
    LedgerSweep: connection.model('LedgerSweep', ledgerSweepSchema, 'ledger_sweeps'),
    PointsPolicyVersion: connection.model('PointsPolicyVersion', pointsPolicyVersionSchema, 'points_policy_versions'),
    Resident: connection.model('Resident', residentSchema, 'residents'),
    Consent: connection.model('Consent', consentSchema, 'consents'),
    BindingCode: connection.model('BindingCode', bindingCodeSchema, 'binding_codes'),
    Invitation: connection.model('Invitation', invitationSchema, 'invitations'),
    ProxyLink: connection.model('ProxyLink', proxyLinkSchema, 'proxy_links'),
    AuditEntry: connection.model('AuditEntry', auditEntrySchema, 'audit_entries'),
    Notice: connection.model('Notice', noticeSchema, 'notices'),
    IntegrationClient: connection.model('IntegrationClient', integrationClientSchema, 'integration_clients'),
    IntegrationNonce: connection.model('IntegrationNonce', integrationNonceSchema, 'integration_nonces'),
    ArchiveSource: connection.model('ArchiveSource', archiveSourceSchema, 'archive_sources'),
    Diagnosis: connection.model('Diagnosis', diagnosisSchema, 'diagnoses'),
    Contract: connection.model('Contract', contractSchema, 'contracts'),
    LabResult: connection.model('LabResult', labResultSchema, 'lab_results'),
    FollowUpRecord: connection.model('FollowUpRecord', followUpRecordSchema, 'follow_up_records'),
    MedicationPlan: connection.model('MedicationPlan', medicationPlanSchema, 'medication_plans'),
    Intervention: connection.model('Intervention', interventionSchema, 'interventions'),
    Reading: connection.model('Reading', readingSchema, 'readings'),
    Alert: connection.model('Alert', alertSchema, 'alerts'),
    DomainEvent: connection.model('DomainEvent', domainEventSchema, 'domainEvents'),
    Pharmacy: connection.model('Pharmacy', pharmacySchema, 'pharmacies'),
    CashierInvitation: connection.model('CashierInvitation', cashierInvitationSchema, 'cashier_invitations'),
    RedemptionCode: connection.model('RedemptionCode', redemptionCodeSchema, 'redemption_codes'),
    Checkout: connection.model('Checkout', checkoutSchema, 'checkouts'),
    PaymentNotification: connection.model('PaymentNotification', paymentNotificationSchema, 'payment_notifications'),
    Refund: connection.model('Refund', refundSchema, 'refunds'),
    SettlementStatement: connection.model('SettlementStatement', settlementStatementSchema, 'settlement_statements'),
    AvailabilitySlot: connection.model('AvailabilitySlot', availabilitySlotSchema, 'availability_slots'),
    Booking: connection.model('Booking', bookingSchema, 'bookings'),
    Reminder: connection.model('Reminder', reminderSchema, 'reminders'),
    ReportResidentYear: connection.model('ReportResidentYear', reportResidentYearSchema, 'report_resident_years'),
    ReportRollup: connection.model('ReportRollup', reportRollupSchema, 'report_rollups'),
    ReportPointsMonth: connection.model('ReportPointsMonth', reportPointsMonthSchema, 'report_points_months'),
    ReportCursor: connection.model('ReportCursor', reportCursorSchema, 'report_cursors'),
    Institution: connection.model('Institution', institutionSchema, 'institutions'),
    Team: connection.model('Team', teamSchema, 'teams'),
    StaffNotice: connection.model('StaffNotice', staffNoticeSchema, 'staff_notices'),
    MedicationDose: connection.model('MedicationDose', medicationDoseSchema, 'medication_doses'),
    AdherenceSnapshot: connection.model('AdherenceSnapshot', adherenceSnapshotSchema, 'adherence_snapshots'),
    Meter: connection.model('Meter', meterSchema, 'meters'),
    ComanagementCase: connection.model('ComanagementCase', comanagementCaseSchema, 'comanagement_cases'),
    SpecialistVisit: connection.model('SpecialistVisit', specialistVisitSchema, 'specialist_visits'),
    Referral: connection.model('Referral', referralSchema, 'referrals'),
    EducationItem: connection.model('EducationItem', educationItemSchema, 'education_items'),
    EducationProgress: connection.model('EducationProgress', educationProgressSchema, 'education_progress'),
    EducationClass: connection.model('EducationClass', educationClassSchema, 'education_classes'),
    EducationAttendance: connection.model('EducationAttendance', educationAttendanceSchema, 'education_attendance'),
    SatisfactionResponse: connection.model('SatisfactionResponse', satisfactionResponseSchema, 'satisfaction_responses'),
    CareNotice: connection.model('CareNotice', careNoticeSchema, 'care_notices'),
    WeeklySummary: connection.model('WeeklySummary', weeklySummarySchema, 'weekly_summaries'),
    WeeklySummaryRun: connection.model('WeeklySummaryRun', weeklySummaryRunSchema, 'weekly_summary_runs'),
  };
}

export type Models = ReturnType<typeof bindModels>;

/** Creates every index the models declare; run at start (idempotent) instead of mongoose autoIndex. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
