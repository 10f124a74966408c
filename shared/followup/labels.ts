/**
 * Which place suits which due item, shared by the service (reminder texts, validation) and the
 * mini-program.
 */
import { dueKindLabels, type VisitPlace } from '../vocabulary/labels';
import type { DueKind } from './dueEngine';

// The words themselves live in the one vocabulary table (shared/vocabulary/labels.ts).
export { classificationLabels, dueKindLabels, placeLabels, type VisitPlace } from '../vocabulary/labels';

export const visitPlaces: readonly VisitPlace[] = ['clinic', 'home', 'phone'];

/**
 * Where each item can be done. A phone call covers only the phone follow-up and a re-follow-up
 * (the spec allows phone only when the patient cannot be seen); anything that measures or draws
 * blood, and signing a contract, needs the clinic or a home visit.
 */
export const placesForKind: Record<DueKind, readonly VisitPlace[]> = {
  reFollowUp: ['clinic', 'home', 'phone'],
  faceToFaceFollowUp: ['clinic', 'home'],
  phoneFollowUp: ['phone', 'clinic', 'home'],
  bpCheck: ['clinic', 'home'],
  hcyRecheck: ['clinic'],
  annualHealthCheck: ['clinic'],
  hba1cCheck: ['clinic'],
  eyeExam: ['clinic'],
  footExam: ['clinic', 'home'],
  urineAlbuminCheck: ['clinic'],
  egfrCheck: ['clinic'],
  screeningRecheck: ['clinic', 'home'],
  contractRenewal: ['clinic', 'home'],
  medicationRefill: ['clinic'],
  referralCheck: ['phone', 'clinic', 'home'],
  postReferralFollowUp: ['clinic', 'home', 'phone'],
  specialistReview: ['clinic'],
};

export function placeSuits(kind: DueKind, place: VisitPlace): boolean {
  return placesForKind[kind].includes(place);
}

/** `${kind}:${dueBy}` → kind, or null for a key the engine cannot have made. */
export function kindOfDueKey(key: string): DueKind | null {
  const kind = key.split(':')[0] as DueKind;
  return kind in dueKindLabels ? kind : null;
}
