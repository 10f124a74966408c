/**
 * Versioned, effective-dated points policies. The default policy (docs/domain.md §4) is seeded when none
 * is stored. A new version takes effect on its date and is never retroactive: its effectiveFrom must
 * lie in the future, and every earning uses the version in effect when the event happened.
 */
import { defaultPolicy, policyInEffect, policyProblems, withEveryEarningRule, type PointsPolicy, type PolicyProblem } from '../../shared/points';
import { isDuplicateKey, type LedgerDeps } from './deps';

const cache = new WeakMap<object, { loadedAt_ms: number; policies: PointsPolicy[] }>();
const cache_ms = 5_000;

export async function loadPolicies(deps: LedgerDeps): Promise<PointsPolicy[]> {
  const cached = cache.get(deps.models);
  if (cached && Date.now() - cached.loadedAt_ms < cache_ms) return cached.policies;
  let docs = await deps.models.PointsPolicyVersion.find({}).sort({ _id: 1 }).lean();
  if (docs.length === 0) {
    try {
      await deps.models.PointsPolicyVersion.create({
        _id: defaultPolicy.version,
        effectiveFrom: defaultPolicy.effectiveFrom,
        policy: defaultPolicy,
        createdAt: deps.clock.now(),
        createdBy: 'seed',
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    docs = await deps.models.PointsPolicyVersion.find({}).sort({ _id: 1 }).lean();
  }
  const policies = docs.map((doc) => withEveryEarningRule({ ...(doc.policy as PointsPolicy), version: doc._id as number, effectiveFrom: doc.effectiveFrom }));
  cache.set(deps.models, { loadedAt_ms: Date.now(), policies });
  return policies;
}

/** Who published each policy version (an admin's account id, or 'seed'), by version. */
export async function policyAuthors(deps: LedgerDeps): Promise<Map<number, string>> {
  const docs = await deps.models.PointsPolicyVersion.find({}, { createdBy: 1 }).lean();
  return new Map(docs.map((d) => [d._id as number, String(d.createdBy ?? '')]));
}

/** The policy in effect at an instant; the earliest version if the instant predates them all. */
export async function policyAt(deps: LedgerDeps, at: Date): Promise<PointsPolicy> {
  const policies = await loadPolicies(deps);
  const policy = policyInEffect(policies, at) ?? policies[0];
  if (!policy) throw new Error('no points policy stored');
  return policy;
}

export type PublishPolicyResult =
  | { result: 'published'; version: number; effectiveFrom: Date }
  | { result: 'policy_invalid'; problems: PolicyProblem[] }
  | { result: 'effective_from_must_be_in_future' }
  | { result: 'version_must_follow_latest'; latestVersion: number }
  | { result: 'version_exists' };

/** Stores a new version; the caller (admin API) shows it to residents before effectiveFrom. */
export async function publishPolicyVersion(deps: LedgerDeps, policy: PointsPolicy, actor: string): Promise<PublishPolicyResult> {
  const problems = policyProblems(policy);
  if (problems.length > 0) return { result: 'policy_invalid', problems };
  if (policy.effectiveFrom.getTime() <= deps.clock.now().getTime()) return { result: 'effective_from_must_be_in_future' };
  const policies = await loadPolicies(deps);
  const latestVersion = Math.max(...policies.map((p) => p.version));
  if (policy.version !== latestVersion + 1) {
    return policies.some((p) => p.version === policy.version) ? { result: 'version_exists' } : { result: 'version_must_follow_latest', latestVersion };
  }
  try {
    await deps.models.PointsPolicyVersion.create({
      _id: policy.version,
      effectiveFrom: policy.effectiveFrom,
      policy,
      createdAt: deps.clock.now(),
      createdBy: actor,
    });
  } catch (err) {
    if (isDuplicateKey(err)) return { result: 'version_exists' };
    throw err;
  }
  cache.delete(deps.models);
  return { result: 'published', version: policy.version, effectiveFrom: policy.effectiveFrom };
}

/** Clears this process's policy cache (tests that publish versions directly). */
export function forgetCachedPolicies(deps: LedgerDeps): void {
  cache.delete(deps.models);
}
