/**
 * Plain-Chinese labels for follow-up items, places and classifications, and which place suits
 * which due item. Shared by the service (reminder texts, validation) and the mini-program.
 */
import type { DueKind, FollowUpClassification } from './dueEngine';

export type VisitPlace = 'clinic' | 'home' | 'phone';
export const visitPlaces: readonly VisitPlace[] = ['clinic', 'home', 'phone'];

export const dueKindLabels: Record<DueKind, string> = {
  reFollowUp: '复查随访（2周内）',
  faceToFaceFollowUp: '当面随访',
  phoneFollowUp: '电话随访',
  bpCheck: '量血压',
  hcyRecheck: '复查同型半胱氨酸（抽血）',
  annualHealthCheck: '年度健康体检',
  contractRenewal: '家庭医生续约',
};

export const placeLabels: Record<VisitPlace, string> = {
  clinic: '到社区门诊',
  home: '医生上门',
  phone: '电话随访',
};

export const classificationLabels: Record<FollowUpClassification, string> = {
  satisfied: '控制满意',
  unsatisfied: '控制不满意',
  adverseReaction: '不良反应',
  complication: '并发症',
};

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
  contractRenewal: ['clinic', 'home'],
};

export function placeSuits(kind: DueKind, place: VisitPlace): boolean {
  return placesForKind[kind].includes(place);
}

/** `${kind}:${dueBy}` → kind, or null for a key the engine cannot have made. */
export function kindOfDueKey(key: string): DueKind | null {
  const kind = key.split(':')[0] as DueKind;
  return kind in dueKindLabels ? kind : null;
}
