import type { AppDeps } from '../deps';
import { kioskReadingWriter } from '../devices/kioskReadings';
import type { IntegrationActor } from '../http/actor';
import { importArchive } from './archiveImporter';
import { importDiagnosis, importFollowUp, importIntervention, importMedicationPlan } from './clinicalImporters';
import { importContract } from './contractWriter';
import { importLabResult } from './labResultWriter';
import { residentOf } from './pushedRecord';
import type { AnyRecord } from './recordSchemas';
import type { ImportOutcome } from './sourceRecords';

/**
 * Applies one pushed record: an idempotent single-document upsert keyed by the source system's id,
 * then its derived writes (domain events, the resident's team), each idempotent too. The single
 * endpoints and every line of the batch import come through here, so they behave identically; this
 * file only routes a record to its kind's importer (the outcome is described in sourceRecords.ts).
 */
export async function recordImporter(deps: AppDeps, actor: IntegrationActor, record: AnyRecord): Promise<ImportOutcome> {
  switch (record.type) {
    case 'archive':
      return importArchive(deps, actor, record.sourceId, record.body);
    case 'diagnosis':
      return importDiagnosis(deps, actor, record.sourceId, record.body);
    case 'contract':
      return importContract(deps, actor, record.sourceId, record.body);
    case 'screening':
    case 'labResult':
      return importLabResult(deps, actor, record.type, record.sourceId, record.body);
    case 'followUp':
      return importFollowUp(deps, actor, record.sourceId, record.body);
    case 'medicationPlan':
      return importMedicationPlan(deps, actor, record.sourceId, record.body);
    case 'intervention':
      return importIntervention(deps, actor, record.sourceId, record.body);
    case 'kioskReading':
      return kioskReadingWriter(deps, actor, record.sourceId, record.body, await residentOf(deps, actor, record.body.residentSourceId));
  }
}

// Kept here so callers outside the integration API name one importer module for these.
export { contentHashOf, stableJson, type ImportOutcome, type OnChangedContent, type RecordOrigin } from './sourceRecords';
export { contractWriter, type ContractFields } from './contractWriter';
export { labResultWriter, labValueIssues, screeningMeasuresOf, type LabResultFields } from './labResultWriter';
