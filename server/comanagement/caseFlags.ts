import type { Types } from 'mongoose';
import { ruleFlagsFor, type ReviewFlag } from '../../shared/comanagement/flags';
import type { AppDeps } from '../deps';
import { followUpClassificationOf } from '../followups/classification';
import type { ComanagementCaseDoc } from '../models/comanagementCase';
import type { DomainEventType } from '../models/domainEvent';
import { domainEventPages } from '../records/domainEvents';
import { FEED_OVERLAP_MS } from '../reports/aggregates';

/**
 * Puts residents in front of the specialists (the co-management case, server/models/
 * comanagementCase.ts): the team's own requests and referrals directly, the rules'
 * (shared/comanagement/flags.ts) from the domain events — a follow-up recorded, an urgent home
 * reading — read after a cursor like the report aggregates, so a flag appears whichever way the
 * record arrived (the doctor's form, a clinic system's push, the app).
 */
type Deps = Pick<AppDeps, 'models' | 'clock'>;
type ResidentRef = { _id: Types.ObjectId; institutionId: string; teamId?: string | null };

/** Whose record it is and which institution and team see it: the owner fields of every co-management record. */
export function residentScopeFields(resident: ResidentRef) {
  return { residentId: resident._id, institutionId: resident.institutionId, teamId: resident.teamId ?? null };
}

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/** Flags raised after the latest specialist visit (or any, before the first): the specialist should look. */
export function needsReview(c: Pick<ComanagementCaseDoc, 'latestFlagAt' | 'lastVisitAt'>): boolean {
  return !c.lastVisitAt || c.latestFlagAt > c.lastVisitAt;
}

/**
 * Adds each flag once (its key), opening the case on the first: one single-document upsert per
 * flag. A flag already there matches nothing, and the upsert's insert then fails on the `_id`: no-op.
 */
export async function caseFlagger(deps: Deps, resident: ResidentRef, flags: Array<ReviewFlag & { note?: string | null }>): Promise<{ added: number }> {
  let added = 0;
  for (const flag of flags) {
    const now = deps.clock.now();
    try {
      const res = await deps.models.ComanagementCase.updateOne(
        { _id: resident._id, flagKeys: { $ne: flag.key } },
        {
          $push: { flagKeys: flag.key, flags: { key: flag.key, reason: flag.reason, on: flag.on, raisedAt: now, note: flag.note ?? null } },
          $max: { latestFlagAt: now },
          $set: { institutionId: resident.institutionId, teamId: resident.teamId ?? null, updatedAt: now },
          $setOnInsert: { openedAt: now, lastVisitId: null, lastVisitAt: null, nextReviewOn: null },
        },
        { upsert: true },
      );
      added += res.modifiedCount + res.upsertedCount;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
  }
  return { added };
}

/** The rules' flags for one resident, from their visited follow-ups (the latest two decide). */
async function followUpFlags(deps: Deps, resident: { _id: Types.ObjectId; birthDate: string }): Promise<ReviewFlag[]> {
  const records = await deps.models.FollowUpRecord.find({ residentId: resident._id }, { form: 1, visitedOn: 1, classification: 1, classificationDerived: 1, data: 1 }).sort({ visitedOn: -1 }).limit(10).lean();
  const visited = records
    .filter((r) => ((r.data as { outcome?: string } | undefined)?.outcome ?? 'visited') === 'visited')
    .slice(0, 2)
    // As the due engine reads them (server/records/recordsReader.ts): unrecorded = derived from the values.
    .map((r) => ({ id: String(r._id), date: r.visitedOn, classification: followUpClassificationOf(r, resident.birthDate).classification }));
  return ruleFlagsFor({ today: deps.clock.now(), followUps: visited, urgentReadings: [] });
}

const CURSOR_ID = 'comanagement:domainEvents';
const FLAG_EVENT_TYPES: DomainEventType[] = ['followUpRecorded', 'homeReadingLogged'];
const EVENTS_PER_RUN = 2_000;

/**
 * One pass over the domain events since the cursor (minus an overlap, as the report consumer reads
 * them): re-runs the follow-up rules for every resident with a new follow-up, and flags each urgent
 * home reading. Re-running is harmless (flags are keyed), so the overlap and retries are too.
 */
export async function comanagementFlagger(deps: Deps): Promise<{ events: number; flagsAdded: number }> {
  const cursor = await deps.models.ReportCursor.findById(CURSOR_ID).lean();
  const since = new Date((cursor?.at.getTime() ?? 0) - FEED_OVERLAP_MS);
  const events = [];
  for await (const page of domainEventPages(deps, { types: FLAG_EVENT_TYPES, since })) {
    events.push(...page);
    if (events.length >= EVENTS_PER_RUN) break;
  }
  const last = events.at(-1);
  const followUpResidents = new Map<string, Types.ObjectId>();
  const urgent = new Map<string, Array<{ readingId: string; measuredAt: Date }>>();
  for (const event of events) {
    const key = String(event.residentId);
    const payload = (event.payload ?? {}) as { urgent?: boolean; readingId?: string };
    if (event.type === 'followUpRecorded') followUpResidents.set(key, event.residentId);
    else if (payload.urgent === true && payload.readingId) (urgent.get(key) ?? urgent.set(key, []).get(key)!).push({ readingId: payload.readingId, measuredAt: event.occurredAt });
  }
  let flagsAdded = 0;
  for (const key of new Set([...followUpResidents.keys(), ...urgent.keys()])) {
    const resident = await deps.models.Resident.findById(key, { institutionId: 1, teamId: 1, birthDate: 1 }).lean();
    if (!resident) continue;
    const flags = [
      ...(followUpResidents.has(key) ? await followUpFlags(deps, resident) : []),
      ...ruleFlagsFor({ today: deps.clock.now(), followUps: [], urgentReadings: urgent.get(key) ?? [] }),
    ];
    flagsAdded += (await caseFlagger(deps, resident, flags)).added;
  }
  if (last && (!cursor || last.recordedAt > cursor.at)) {
    await deps.models.ReportCursor.updateOne({ _id: CURSOR_ID }, { $set: { at: last.recordedAt, lastId: String(last._id), updatedAt: deps.clock.now() } }, { upsert: true });
  }
  return { events: events.length, flagsAdded };
}
