import { parseCalendarDate } from './calendarDate';

/**
 * Age in whole years (周岁) on `onDate`; both are 'YYYY-MM-DD'.
 * Someone born on 29 February turns a year older on 1 March in common years, because 28 February
 * still comes before their birthday.
 * Throws RangeError for a malformed date or an `onDate` before the birth date: both are caller bugs.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseCalendarDate(birthDate);
  const on = parseCalendarDate(onDate);
  if (!birth) throw new RangeError(`birthDate is not a calendar date: ${birthDate}`);
  if (!on) throw new RangeError(`onDate is not a calendar date: ${onDate}`);
  if (onDate < birthDate) throw new RangeError(`onDate ${onDate} is before birthDate ${birthDate}`);

  const birthdayNotYetReached = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (birthdayNotYetReached ? 1 : 0);
}
