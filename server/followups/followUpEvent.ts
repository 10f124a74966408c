import type { Types } from 'mongoose';
import { toInstant } from '../../shared/time/shanghai';

/**
 * The domain event of a follow-up record, the same from the integration API and the staff desk:
 * a visit is `followUpRecorded` (`followUp:<institutionId>:<sourceId>`: the due engine, the points
 * and the reports react); a record saying lost to follow-up (失访) or died is
 * `followUpOutcomeRecorded` (`followUpOutcome:…`), which earns nothing but makes the reports count
 * the patient as not controlled.
 */
export function followUpEventOf(input: {
  institutionId: string;
  sourceId: string;
  residentId: Types.ObjectId;
  recordId: Types.ObjectId;
  body: { form: string; mode: string; visitedOn: string; outcome: string };
  classification: string | null;
  extra: Record<string, unknown>;
}) {
  const { body } = input;
  const visited = body.outcome === 'visited';
  return {
    eventId: `${visited ? 'followUp' : 'followUpOutcome'}:${input.institutionId}:${input.sourceId}`,
    type: visited ? ('followUpRecorded' as const) : ('followUpOutcomeRecorded' as const),
    residentId: input.residentId,
    occurredAt: toInstant(body.visitedOn),
    payload: visited
      ? { followUpId: String(input.recordId), form: body.form, mode: body.mode, classification: input.classification, ...input.extra }
      : { followUpId: String(input.recordId), form: body.form, outcome: body.outcome },
  };
}
