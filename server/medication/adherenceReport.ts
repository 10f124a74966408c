import type { AppDeps } from '../deps';

/**
 * The programme report's medication line: from the residents' adherence snapshots (never the dose
 * log itself), as of today over the last 30 days, per team and for the whole programme — how many
 * residents have a plan with a daily schedule, how many take it on ≥ 80 % of days (good), how many
 * fewer (poor, 依从性差), and the share of good among those judged. A current figure, whatever
 * period the rest of the report covers.
 */
export interface AdherenceCounts {
  residents: number;
  good: number;
  poor: number;
  unknown: number;
  /** good ÷ (good + poor), four decimals; null when nobody could be judged. */
  goodRate: number | null;
}

const empty = (): AdherenceCounts => ({ residents: 0, good: 0, poor: 0, unknown: 0, goodRate: null });
const rate = (c: AdherenceCounts) => (c.good + c.poor > 0 ? Math.round((c.good / (c.good + c.poor)) * 10_000) / 10_000 : null);

export async function adherenceReport(deps: AppDeps, scope: { institutionId?: string | undefined }) {
  const snapshots = await deps.models.AdherenceSnapshot.find(scope.institutionId ? { institutionId: scope.institutionId } : {}, { institutionId: 1, teamId: 1, activePlans: 1, last30: 1 }).lean();
  const programme = empty();
  const byTeam = new Map<string, AdherenceCounts & { institutionId: string; teamId: string | null }>();
  for (const s of snapshots) {
    if (s.activePlans === 0 && s.last30.level === 'unknown') continue;
    const key = `${s.institutionId}:${s.teamId ?? ''}`;
    const team = byTeam.get(key) ?? { ...empty(), institutionId: s.institutionId, teamId: s.teamId ?? null };
    for (const counts of [programme, team]) {
      counts.residents += 1;
      counts[s.last30.level as 'good' | 'poor' | 'unknown'] += 1;
    }
    byTeam.set(key, team);
  }
  const teams = [...byTeam.values()].map((t) => ({ ...t, goodRate: rate(t) })).sort((a, b) => `${a.institutionId}:${a.teamId ?? ''}`.localeCompare(`${b.institutionId}:${b.teamId ?? ''}`));
  return { windowDays: 30, programme: { ...programme, goodRate: rate(programme) }, teams };
}
