import type { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import type { IntegrationActor } from '../http/actor';
import type { RecordBody } from '../integration/recordSchemas';
import type { ResidentDoc } from '../models/resident';
import { readingStorer } from '../records/readingLogger';
import type { ReadingBody } from '../../shared/api/readings';

/**
 * A 健康小屋 / clinic kiosk measurement pushed by the clinic's system (`PUT /api/integration/
 * kiosk-readings/:sourceId`): stored as a reading with source `clinic` — measured on the
 * institution's validated machine, so it counts as clinic-verified for quarterly 达标
 * (server/passbook/quarterlyAtTarget.ts) and earns no home-reading points. Graded and alerted like
 * any reading (an urgent value alerts the team). The kiosk's record id is the idempotency key
 * (`kiosk:<institutionId>:<sourceId>`): the same record again is `unchanged`; the same id with
 * other values is refused (`kiosk_record_changed`) — a measurement is not corrected, it is taken again.
 */
export const kioskReadingId = (institutionId: string, sourceId: string) => `kiosk:${institutionId}:${sourceId}`;

export async function kioskReadingWriter(deps: AppDeps, actor: IntegrationActor, sourceId: string, body: RecordBody<'kioskReading'>, resident: ResidentDoc & { _id: Types.ObjectId }) {
  const clientReadingId = kioskReadingId(actor.institutionId, sourceId);
  const common = { clientReadingId, measuredAt: body.measuredAt, source: 'clinic' as const };
  const reading: ReadingBody =
    body.measure === 'bp'
      ? { ...common, measure: 'bp', readings: [{ systolicMmHg: body.systolicMmHg, diastolicMmHg: body.diastolicMmHg, ...(body.heartRateBpm !== undefined ? { heartRateBpm: body.heartRateBpm } : {}) }], timeOfDay: 'other' }
      : { ...common, measure: 'glucose', timing: body.timing, glucoseMmolL: body.glucoseMmolL };
  const stored = await readingStorer(deps, {
    resident,
    body: reading,
    enteredBy: { accountId: null, actingAs: 'clinic', proxyLinkId: null, integrationClientId: actor.clientId },
    extra: { kiosk: { institutionId: actor.institutionId, recordId: sourceId, kioskId: body.kioskId ?? null } },
    singleMeasurement: true,
    reusedWithOtherValues: 'kiosk_record_changed',
  });
  return { result: stored.duplicate ? ('unchanged' as const) : ('created' as const), recordId: String(stored.reading._id), residentId: String(resident._id) };
}
