import { Types } from 'mongoose';
import { checkPlausibility, clinicalReasonMessages, computeBmi } from '../../shared/clinical';
import { shanghaiDate, toInstant } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { conflict, notFound, unprocessable } from '../http/errors';
import { contentHashOf } from '../integration/recordImporter';
import type { RecordBody } from '../integration/recordSchemas';
import { domainEventAppender } from '../records/domainEvents';
import { releaseSeat } from './seats';
import { classificationToStore } from './classification';
import { followUpEventOf } from './followUpEvent';
import { bookingAttendanceFromFollowUp } from './visitAttendance';

/**
 * The doctor team's side of follow-ups: the day's bookings, attendance (到诊 / 爽约), and the
 * follow-up record (随访服务记录表) written into the same model the integration API fills
 * (`follow_up_records`, keyed by institution + source id) with the same `followUpRecorded` domain
 * event (`followUp:<institutionId>:<sourceId>`), so the due engine, the 档案 and the points issue
 * see a staff-recorded visit exactly as they see a pushed one. A follow-up can be recorded for a
 * booking or, for a phone follow-up or an unbooked visit, for the resident directly.
 */
export type StaffFollowUpBody = Omit<RecordBody<'followUp'>, 'residentSourceId'>;

export async function teamBookingsOn(deps: AppDeps, teamId: string, date: string) {
  const bookings = await deps.models.Booking.find({ teamId, date, status: { $in: ['booked', 'attended', 'noShow', 'cancelled'] } })
    .sort({ startsAt: 1 })
    .limit(500)
    .lean();
  const residents = await deps.models.Resident.find({ _id: { $in: bookings.map((b) => b.residentId) } }, { name: 1 }).lean();
  const names = new Map(residents.map((r) => [String(r._id), r.name as string]));
  return bookings.map((b) => ({ booking: b, residentName: names.get(String(b.residentId)) ?? '' }));
}

/** 到诊 or 爽约, once the booking's day has come. A no-show lets go of the due item and the seat. */
export async function attendanceMarker(deps: AppDeps, input: { bookingId: Types.ObjectId; outcome: 'attended' | 'noShow'; accountId: string }) {
  const now = deps.clock.now();
  const booking = await deps.models.Booking.findById(input.bookingId).lean();
  if (!booking || booking.status === 'abandoned') throw notFound('booking_not_found');
  if (booking.status === input.outcome) return booking;
  if (booking.status !== 'booked') throw conflict('booking_not_active');
  if (shanghaiDate(now) < booking.date) throw conflict('booking_not_today_or_past');
  const set: Record<string, unknown> = { status: input.outcome, attendanceMarkedAt: now, attendanceMarkedBy: input.accountId };
  if (input.outcome === 'noShow') set.activeKey = `${booking.activeKey}:noShow:${String(booking._id)}`;
  const updated = await deps.models.Booking.findOneAndUpdate({ _id: booking._id, status: 'booked', moveReservation: null }, { $set: set }, { returnDocument: 'after', lean: true });
  if (!updated) {
    const current = await deps.models.Booking.findById(booking._id).lean();
    if (current?.status === input.outcome) return current;
    throw conflict('booking_busy');
  }
  if (input.outcome === 'noShow') await releaseSeat(deps, updated.slotId, updated.reservation);
  return updated;
}

/**
 * Records the follow-up of a booking. Idempotent: the record's source id is `booking:<bookingId>`,
 * so a retried request finds it (same content: nothing written; different content:
 * `follow_up_already_recorded`); the derived writes (event, booking) run every time, so a request
 * that crashed half-way is completed by sending it again.
 */
export async function followUpRecorder(deps: AppDeps, input: { bookingId: Types.ObjectId; accountId: string; body: StaffFollowUpBody }) {
  const now = deps.clock.now();
  const booking = await deps.models.Booking.findById(input.bookingId).lean();
  if (!booking || booking.status === 'abandoned') throw notFound('booking_not_found');
  if (booking.status !== 'booked' && booking.status !== 'attended') throw conflict('booking_not_active');
  const { record, created } = await staffFollowUpWriter(deps, {
    institutionId: booking.institutionId,
    residentId: booking.residentId,
    sourceId: `booking:${String(booking._id)}`,
    accountId: input.accountId,
    body: input.body,
    data: { bookingId: String(booking._id) },
    eventPayload: { bookingId: String(booking._id), dueItemKey: booking.dueItemKey },
    reusedKeyCode: 'follow_up_already_recorded',
  });
  const updated = await deps.models.Booking.findOneAndUpdate(
    { _id: booking._id, status: { $in: ['booked', 'attended'] } },
    { $set: { status: 'attended', followUpRecordId: record._id, attendanceMarkedAt: booking.attendanceMarkedAt ?? now, attendanceMarkedBy: booking.attendanceMarkedBy ?? input.accountId } },
    { returnDocument: 'after', lean: true },
  );
  return { record, booking: updated ?? booking, created };
}

/**
 * Records a follow-up without a booking (a phone follow-up, or a visit nobody booked) for a resident
 * of the doctor's team: the same form, checks, record and `followUpRecorded` event as the booking
 * path, so it completes the due item the same way. Idempotent by the client's `clientRecordId`
 * (source id `staff:<residentId>:<clientRecordId>`): a retry finds the record; the same id with
 * other content is `follow_up_record_id_reused`. A booked visit of that day that the record fulfils
 * is marked attended too (server/followups/visitAttendance.ts).
 */
export async function residentFollowUpRecorder(
  deps: AppDeps,
  input: { resident: { _id: Types.ObjectId; institutionId: string; teamId?: string | null }; clientRecordId: string; accountId: string; body: StaffFollowUpBody },
) {
  const { resident } = input;
  const { record, created } = await staffFollowUpWriter(deps, {
    institutionId: resident.institutionId,
    residentId: resident._id,
    sourceId: `staff:${String(resident._id)}:${input.clientRecordId}`,
    accountId: input.accountId,
    body: input.body,
    data: { clientRecordId: input.clientRecordId },
    eventPayload: {},
    reusedKeyCode: 'follow_up_record_id_reused',
  });
  const { attendedBookingIds } = await bookingAttendanceFromFollowUp(deps, {
    residentId: resident._id,
    institutionId: resident.institutionId,
    teamId: resident.teamId,
    visitedOn: record.visitedOn,
    mode: record.mode as StaffFollowUpBody['mode'],
    outcome: input.body.outcome,
    followUpRecordId: record._id,
    markedBy: input.accountId,
  });
  const booking = attendedBookingIds.length > 0 ? await deps.models.Booking.findById(attendedBookingIds[0]).lean() : null;
  return { record, created, booking };
}

/**
 * The part both staff paths share: the date and plausibility checks, the record (insert-if-absent by
 * its source key; a different content under the same key is refused with `reusedKeyCode`), and the
 * `followUpRecorded` event (`followUp:<institutionId>:<sourceId>`), appended on every call so a retry
 * completes a request that crashed after the insert.
 */
async function staffFollowUpWriter(
  deps: AppDeps,
  input: {
    institutionId: string;
    residentId: Types.ObjectId;
    sourceId: string;
    accountId: string;
    body: StaffFollowUpBody;
    data: Record<string, unknown>;
    eventPayload: Record<string, unknown>;
    reusedKeyCode: 'follow_up_already_recorded' | 'follow_up_record_id_reused';
  },
) {
  const now = deps.clock.now();
  const visitedOn = input.body.visitedOn;
  if (visitedOn > shanghaiDate(now)) throw unprocessable('record_implausible', { issues: [{ field: 'visitedOn', code: 'in_future', message: '随访日期不能晚于今天' }] });
  const s = input.body.signs;
  const check = checkPlausibility(
    {
      systolicMmHg: s.systolicMmHg,
      diastolicMmHg: s.diastolicMmHg,
      heartRateBpm: s.heartRateBpm,
      weightKg: typeof s.weightKg?.now === 'number' ? s.weightKg.now : undefined,
      waistCm: s.waistCm,
      glucoseMmolL: input.body.fastingGlucoseMmolL,
      hba1cPercent: input.body.hba1cPercent,
      measuredAt: toInstant(visitedOn),
    },
    now,
  );
  if (!check.ok) throw unprocessable('record_implausible', { issues: check.errors.map((e) => ({ field: e.field, code: e.code, message: clinicalReasonMessages[e.code] })) });

  const resident = await deps.models.Resident.findById(input.residentId, { birthDate: 1, heightCm: 1 }).lean();
  if (!resident) throw notFound('resident_not_found');
  const body = withArchiveBmi(input.body, resident.heightCm);
  const stored = classificationToStore({ ...body, visitedOn }, resident.birthDate);
  const key = { institutionId: input.institutionId, sourceType: 'followUp', sourceId: input.sourceId };
  const contentHash = contentHashOf(deps, 'followUp', body);
  const data = { ...body, ...input.data, recordedByAccountId: input.accountId };
  const newId = new Types.ObjectId();
  let record;
  try {
    record = await deps.models.FollowUpRecord.findOneAndUpdate(
      key,
      {
        $setOnInsert: {
          _id: newId,
          ...key,
          residentId: input.residentId,
          contentHash,
          form: body.form,
          visitedOn,
          mode: body.mode,
          ...stored,
          data,
          importedAt: now,
          updatedAt: now,
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    record = await deps.models.FollowUpRecord.findOne(key).lean();
  }
  if (!record) throw new Error('follow-up record upsert returned nothing');
  if (!record._id.equals(newId) && (record.contentHash !== contentHash || !record.residentId.equals(input.residentId))) throw conflict(input.reusedKeyCode);

  await domainEventAppender(deps, followUpEventOf({ institutionId: key.institutionId, sourceId: key.sourceId, residentId: input.residentId, recordId: record._id, body: { ...body, visitedOn }, classification: stored.classification, extra: input.eventPayload }));
  return { record, created: record._id.equals(newId) };
}

/**
 * The form's BMI (now and target) computed here from the archive's height and the weights on the
 * form, by the shared rule (shared/clinical/bmi.ts) — the number the client sent is not stored.
 * Without a height on the archive there is no BMI.
 */
export function withArchiveBmi(body: StaffFollowUpBody, heightCm: number | null | undefined): StaffFollowUpBody {
  const { bmi: _sent, ...signs } = body.signs;
  const bmiAt = (weightKg: number | null | undefined) => (typeof weightKg === 'number' && weightKg > 0 && heightCm ? computeBmi(weightKg, heightCm) : undefined);
  const now = bmiAt(signs.weightKg?.now);
  const target = bmiAt(signs.weightKg?.target);
  if (now === undefined && target === undefined) return { ...body, signs };
  return { ...body, signs: { ...signs, bmi: { ...(now === undefined ? {} : { now }), ...(target === undefined ? {} : { target }) } } };
}
