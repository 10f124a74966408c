import type { Types } from 'mongoose';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';

/**
 * A follow-up recorded outside a booking's own path (pushed by the clinic's system through the
 * integration API, or entered by staff without a booking) that matches a booked visit marks that
 * booking 到诊 and links the record, so the day list and "my bookings" agree with the 档案.
 *
 * A booking matches when it is the same resident's, of the same institution and team, on the visit's
 * date, and of a kind the record's mode fulfils: a face-to-face record (门诊 / 家庭) attends a clinic
 * or home-visit booking, a phone record a phone booking (a phone call on the day of a clinic booking
 * does not mean the resident came).
 *
 * Idempotent and single-document: one conditional update per booking, on `booked` (or `attended`
 * without a record yet, keeping the attendance mark staff already made). A booking in the middle of
 * a reschedule is left alone. Lost-to-follow-up and died outcomes attend nothing.
 */
export interface RecordedVisit {
  residentId: Types.ObjectId;
  institutionId: string;
  teamId: string | null | undefined;
  visitedOn: string;
  mode: 'clinic' | 'home' | 'phone';
  outcome?: 'visited' | 'lostToFollowUp' | 'died';
  followUpRecordId: Types.ObjectId;
  /** Who marks it: the staff account, or `integration:<clientId>`. */
  markedBy: string;
}

export async function bookingAttendanceFromFollowUp(deps: AppDeps, visit: RecordedVisit): Promise<{ attendedBookingIds: string[] }> {
  const now = deps.clock.now();
  if (!visit.teamId || (visit.outcome ?? 'visited') !== 'visited' || visit.visitedOn > shanghaiDate(now)) return { attendedBookingIds: [] };
  const matching = {
    residentId: visit.residentId,
    institutionId: visit.institutionId,
    teamId: visit.teamId,
    date: visit.visitedOn,
    place: { $in: visit.mode === 'phone' ? ['phone'] : ['clinic', 'home'] },
    moveReservation: null,
  };
  const candidates = await deps.models.Booking.find({ ...matching, status: { $in: ['booked', 'attended'] }, followUpRecordId: null }, { _id: 1, status: 1 }).lean();
  const attendedBookingIds: string[] = [];
  for (const { _id, status } of candidates) {
    // Booked → attended with the record, in one conditional update; already attended (staff marked it)
    // → only the record is linked, keeping staff's mark.
    const { modifiedCount } =
      status === 'booked'
        ? await deps.models.Booking.updateOne(
            { _id, ...matching, status: 'booked' },
            { $set: { status: 'attended', followUpRecordId: visit.followUpRecordId, attendanceMarkedAt: now, attendanceMarkedBy: visit.markedBy } },
          )
        : await deps.models.Booking.updateOne({ _id, ...matching, status: 'attended', followUpRecordId: null }, { $set: { followUpRecordId: visit.followUpRecordId } });
    if (modifiedCount === 1) attendedBookingIds.push(String(_id));
  }
  return { attendedBookingIds };
}
