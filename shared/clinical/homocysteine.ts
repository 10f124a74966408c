import { assertFinite, isAbove, isAtLeast, isBelow } from './decimal';

/** Fasting plasma total homocysteine in µmol/L (docs/clinical-rules.md §4). */

export const HCY_THRESHOLDS_UMOL_L = {
  hTypeAtLeast: 10, // H型高血压专家共识 2016 via [S2]; docs/domain.md §1
  hyperhomocysteinaemiaAtLeast: 15, // docs/clinical-rules.md §4 [S2]; [BK]
  // Severity: mild 15–30, moderate 30–100, severe >100 [S2]. "Severe >100" is strict, so 100 is
  // moderate; reading the shared boundary 30 the same way, 30 is mild and moderate starts above it.
  mildAtMost: 30, // docs/clinical-rules.md §4 [S2]
  moderateAtMost: 100, // docs/clinical-rules.md §4 [S2]
} as const;

export type HcySeverity = 'none' | 'mild' | 'moderate' | 'severe';

export type HcyClassification = {
  /** ≥10: with primary hypertension this makes H-type hypertension. */
  atOrAboveHTypeThreshold: boolean;
  hyperhomocysteinaemia: boolean;
  severity: HcySeverity;
};

export function classifyHcy(hcyUmolL: number): HcyClassification {
  assertFinite(hcyUmolL);
  const hyperhomocysteinaemia = isAtLeast(hcyUmolL, HCY_THRESHOLDS_UMOL_L.hyperhomocysteinaemiaAtLeast);
  let severity: HcySeverity = 'none';
  if (isAbove(hcyUmolL, HCY_THRESHOLDS_UMOL_L.moderateAtMost)) severity = 'severe';
  else if (isAbove(hcyUmolL, HCY_THRESHOLDS_UMOL_L.mildAtMost)) severity = 'moderate';
  else if (hyperhomocysteinaemia) severity = 'mild';
  return {
    atOrAboveHTypeThreshold: isAtLeast(hcyUmolL, HCY_THRESHOLDS_UMOL_L.hTypeAtLeast),
    hyperhomocysteinaemia,
    severity,
  };
}

/** Derived, never stored: hypertension plus the latest Hcy ≥10. No Hcy result means not H-type. */
export function isHTypeHypertension({
  hasHypertension,
  latestHcyUmolL,
}: {
  hasHypertension: boolean;
  latestHcyUmolL?: number | null;
}): boolean {
  if (!hasHypertension || latestHcyUmolL === undefined || latestHcyUmolL === null) return false;
  return classifyHcy(latestHcyUmolL).atOrAboveHTypeThreshold;
}

export type HcyTarget = { belowUmolL: number };

export const HCY_TARGETS_UMOL_L = {
  hTypeHypertension: { belowUmolL: 10 }, // docs/domain.md §6.1 [P]
  other: { belowUmolL: 15 }, // docs/domain.md §6.1 [P]
} as const satisfies Record<string, HcyTarget>;

export function resolveHcyTarget({ isHType }: { isHType: boolean }): HcyTarget {
  return isHType ? HCY_TARGETS_UMOL_L.hTypeHypertension : HCY_TARGETS_UMOL_L.other;
}

export function isHcyAtTarget(hcyUmolL: number, target: HcyTarget): boolean {
  assertFinite(hcyUmolL);
  return isBelow(hcyUmolL, target.belowUmolL);
}
