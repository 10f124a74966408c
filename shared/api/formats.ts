import { z } from 'zod';

/**
 * Day and month formats of the API. Years 1900–2099 only: nothing in the programme lies outside
 * them, and the date arithmetic downstream assumes four-digit years. The regex is the whole rule,
 * so the OpenAPI document (the pattern, plus `format: date`) promises exactly what is accepted.
 */
const leapDay = '(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29';
const otherDays = '(?:19|20)\\d\\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
const calendarDayPattern = new RegExp(`^(?:${leapDay}|${otherDays})$`);

/** A calendar day `YYYY-MM-DD` that exists (29 February only in leap years). */
export const calendarDay = (message = '日期格式应为 YYYY-MM-DD') => z.string().regex(calendarDayPattern, message).meta({ format: 'date' });

/** A month `YYYY-MM`. */
export const monthKey = (message = '月份格式应为 YYYY-MM') => z.string().regex(/^(?:19|20)\d\d-(?:0[1-9]|1[0-2])$/, message);

/** A record's id as the API writes it: a MongoDB ObjectId, 24 lowercase hex digits. */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/, '不是有效的编号');

/** Money in integer fen (分), never a float of yuan; shown as yuan only by the mini-program's `<Price>`. */
export const moneyFen = z.number().int('金额必须是整数（分）');

/** Points (积分): whole numbers only. */
export const points = z.number().int('积分必须是整数');

/**
 * An instant on the wire: an ISO-8601 UTC string. The service's presenters may hand over a Date
 * (turned into the string here); the mini-program receives and keeps the string.
 */
export const instant = z.preprocess((value) => (value instanceof Date ? value.toISOString() : value), z.string()).meta({ format: 'date-time' });
