/**
 * 双向转诊: the life of an up-referral. The team refers a resident up (reason, urgency, green
 * channel) to a higher-level institution; that institution accepts or declines it; an accepted one
 * comes back down to the team with the outcome and a plan. The team may withdraw it until it is
 * answered. Each step is one conditional update on the referral's current state (server side), so
 * two people acting at once cannot both move it.
 */
export const referralStates = ['requested', 'accepted', 'declined', 'returned', 'cancelled'] as const;
export type ReferralState = (typeof referralStates)[number];

export const referralSteps = ['accept', 'decline', 'return', 'cancel'] as const;
export type ReferralStep = (typeof referralSteps)[number];

export const referralTransitions: Record<ReferralStep, { from: readonly ReferralState[]; to: ReferralState }> = {
  accept: { from: ['requested'], to: 'accepted' },
  decline: { from: ['requested'], to: 'declined' },
  return: { from: ['accepted'], to: 'returned' },
  cancel: { from: ['requested'], to: 'cancelled' },
};

/** Still with the receiving institution: the team checks on it (docs/clinical-rules.md §5.4). */
export const openReferralStates: readonly ReferralState[] = ['requested', 'accepted'];

export const referralUrgencies = ['routine', 'urgent', 'emergency'] as const;
export type ReferralUrgency = (typeof referralUrgencies)[number];

/** Where a referral may go: only to a higher-level institution than the primary-care one. */
export const institutionLevels = ['primary', 'county', 'city'] as const;
export type InstitutionLevel = (typeof institutionLevels)[number];
export const higherLevels: readonly InstitutionLevel[] = ['county', 'city'];

/** The state a step leads to, or null when the referral's current state does not allow it. */
export function nextReferralState(current: ReferralState, step: ReferralStep): ReferralState | null {
  const transition = referralTransitions[step];
  return transition.from.includes(current) ? transition.to : null;
}
