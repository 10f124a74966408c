import { z } from 'zod';
import { calendarDay } from '../../shared/api/formats';
import { objectId } from './identitySchemas';

/** Request shapes shared by the availability, booking and follow-up routes (their answers: shared/api/followups.ts). */
export const day = calendarDay();

export const residentBookingParams = z.object({ residentId: objectId, bookingId: objectId });
export const bookingIdParams = z.object({ bookingId: objectId });
