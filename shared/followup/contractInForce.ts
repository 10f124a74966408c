import { addCalendarDays, type CalendarDay } from '../time/shanghai';

export interface ContractPeriod {
  startsOn: CalendarDay;
  endsOn: CalendarDay;
  status: 'active' | 'expired' | 'terminated';
}

/**
 * Which of a resident's contracts governs `today`, and until when the resident stays covered.
 * A renewal is signed before the old contract ends and starts the day after, so "the newest
 * contract" would be one that has not started yet: the due engine would then count from a future
 * date and hide what is overdue today. Terminated contracts never count.
 * - `contract`: the one in force today (the latest-starting if several), else the latest that
 *   already ended, else the earliest that has yet to start; null without any.
 * - `coveredUntil`: its end, carried on through renewals that start no later than the day after.
 */
export function contractInForce<T extends ContractPeriod>(contracts: readonly T[], today: CalendarDay): { contract: T; coveredUntil: CalendarDay } | null {
  const live = contracts.filter((c) => c.status !== 'terminated');
  const byStartDesc = [...live].sort((a, b) => b.startsOn.localeCompare(a.startsOn));
  const contract =
    byStartDesc.find((c) => c.startsOn <= today && today <= c.endsOn) ??
    byStartDesc.find((c) => c.startsOn <= today) ??
    byStartDesc.at(-1);
  if (!contract) return null;
  let coveredUntil = contract.endsOn;
  for (let extended = true; extended; ) {
    extended = false;
    for (const next of live) {
      if (next.startsOn <= addCalendarDays(coveredUntil, 1) && next.endsOn > coveredUntil && next.startsOn >= contract.startsOn) {
        coveredUntil = next.endsOn;
        extended = true;
      }
    }
  }
  return { contract, coveredUntil };
}
