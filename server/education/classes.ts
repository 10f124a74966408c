import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { InferSchemaType, Types } from 'mongoose';
import QRCode from 'qrcode';
import type { ClassCheckInView, EducationClassView } from '../../shared/api/education';
import { educationTopicLabels, type EducationTopic } from '../../shared/education/quiz';
import type { AppDeps } from '../deps';
import { unprocessable } from '../http/errors';
import type { educationClassSchema } from '../models/educationItem';
import { requestPointsConsumption } from '../passbook/jobs';
import { domainEventAppender } from '../records/domainEvents';
import { educationMonth } from './learning';

/**
 * Offline health-education classes (健康讲座) at the clinic. The team publishes one and shows its QR
 * in the room; a resident scans it with the mini-program during the class (from half an hour before
 * until half an hour after) and is checked in once (`<classId>:<residentId>`), which appends one
 * `healthEducationCompleted` event: the same education points as a quiz, within the same cap.
 */
export const QR_PREFIX = 'RHPE1:';
export const CHECK_IN_MARGIN_MS = 30 * 60_000;
export const CLASS_MAX_MS = 12 * 3_600_000;

type StoredClass = InferSchemaType<typeof educationClassSchema> & { _id: Types.ObjectId };

async function presentClass(c: StoredClass, attendance: number): Promise<EducationClassView> {
  const checkInPayload = `${QR_PREFIX}${String(c._id)}.${c.checkInSecret}`;
  return {
    classId: String(c._id),
    title: c.title,
    topicLabel: educationTopicLabels[c.topic as EducationTopic],
    place: c.place,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    checkInPayload,
    qrDataUrl: await QRCode.toDataURL(checkInPayload, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
    attendance,
  };
}

export async function educationClassCreator(deps: AppDeps, input: { institutionId: string; teamId: string; accountId: string; title: string; topic: EducationTopic; place: string; startsAt: string; endsAt: string }) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const length = endsAt.getTime() - startsAt.getTime();
  if (!(length > 0 && length <= CLASS_MAX_MS)) throw unprocessable('education_class_time_invalid');
  const doc = await deps.models.EducationClass.create({
    institutionId: input.institutionId,
    teamId: input.teamId,
    title: input.title,
    topic: input.topic,
    place: input.place,
    startsAt,
    endsAt,
    checkInSecret: randomBytes(12).toString('base64url'),
    createdByAccountId: input.accountId,
    createdAt: deps.clock.now(),
  });
  return presentClass(doc.toObject(), 0);
}

/** The team's classes from the last 30 days on, soonest first, with how many have checked in. */
export async function educationClassesReader(deps: AppDeps, institutionId: string, teamId: string) {
  const since = new Date(deps.clock.now().getTime() - 30 * 86_400_000);
  const classes = await deps.models.EducationClass.find({ institutionId, teamId, endsAt: { $gte: since } }).sort({ startsAt: 1 }).limit(50).lean();
  const counts = await Promise.all(classes.map((c) => deps.models.EducationAttendance.countDocuments({ classId: c._id })));
  return { classes: await Promise.all(classes.map((c, i) => presentClass(c, counts[i] ?? 0))) };
}

function parseCheckIn(code: string): { classId: string; secret: string } | null {
  const match = /^RHPE1:([a-f0-9]{24})\.([A-Za-z0-9_-]{8,64})$/.exec(code.trim());
  return match ? { classId: match[1]!, secret: match[2]! } : null;
}

export async function classCheckIn(deps: AppDeps, residentId: Types.ObjectId, code: string): Promise<ClassCheckInView> {
  const parsed = parseCheckIn(code);
  const found = parsed ? await deps.models.EducationClass.findById(parsed.classId).lean() : null;
  const secretMatches = found && parsed && found.checkInSecret.length === parsed.secret.length && timingSafeEqual(Buffer.from(found.checkInSecret), Buffer.from(parsed.secret));
  if (!found || !secretMatches) throw unprocessable('education_class_code_invalid');
  const now = deps.clock.now();
  if (now.getTime() < found.startsAt.getTime() - CHECK_IN_MARGIN_MS || now.getTime() > found.endsAt.getTime() + CHECK_IN_MARGIN_MS) {
    throw unprocessable('education_class_not_open', { startsAt: found.startsAt.toISOString(), endsAt: found.endsAt.toISOString() });
  }
  const _id = `${String(found._id)}:${String(residentId)}`;
  const { upsertedCount } = await deps.models.EducationAttendance.updateOne({ _id }, { $setOnInsert: { classId: found._id, residentId, checkedInAt: now } }, { upsert: true });
  const attendance = await deps.models.EducationAttendance.findById(_id).lean();
  const checkedInAt = attendance?.checkedInAt ?? now;
  await domainEventAppender(deps, { eventId: `education:class:${_id}`, type: 'healthEducationCompleted', residentId, occurredAt: checkedInAt, payload: { via: 'class', classId: String(found._id) } });
  await requestPointsConsumption(deps);
  return { classTitle: found.title, place: found.place, checkedInAt: checkedInAt.toISOString(), firstCheckIn: upsertedCount === 1, month: await educationMonth(deps, residentId) };
}
