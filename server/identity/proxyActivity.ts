import type { Types } from 'mongoose';
import type { ProxyActivityDto } from '../../shared/api/care';
import { shanghaiDate } from '../../shared/time/shanghai';
import type { AppDeps } from '../deps';
import { actionLabels, unlabelledAction } from './auditPresenter';

/**
 * 家人代办记录 as an elder reads it: per day, per relative ("女儿", from the link's relationship),
 * what they did in plain words with how often — "查看了健康记录 5 次", not eleven rows of
 * "resident.records.read". Newest day first; within a day, whoever acted last first.
 */
export interface ActivityEntry {
  at: Date;
  action: string;
  proxyLinkId: string | null;
}

export function collapseProxyActivity(entries: readonly ActivityEntry[], relationships: ReadonlyMap<string, string | null>): ProxyActivityDto {
  type Person = { proxyLinkId: string | null; who: string; counts: Map<string, number>; firstAt: Date; lastAt: Date };
  const days = new Map<string, Map<string, Person>>();
  for (const entry of [...entries].sort((a, b) => b.at.getTime() - a.at.getTime())) {
    const day = shanghaiDate(entry.at);
    const people = days.get(day) ?? new Map<string, Person>();
    days.set(day, people);
    const key = entry.proxyLinkId ?? 'unknown';
    const person = people.get(key) ?? { proxyLinkId: entry.proxyLinkId, who: (entry.proxyLinkId && relationships.get(entry.proxyLinkId)) || '家人', counts: new Map(), firstAt: entry.at, lastAt: entry.at };
    people.set(key, person);
    const text = actionLabels[entry.action] ?? unlabelledAction;
    person.counts.set(text, (person.counts.get(text) ?? 0) + 1);
    if (entry.at < person.firstAt) person.firstAt = entry.at;
    if (entry.at > person.lastAt) person.lastAt = entry.at;
  }
  return {
    days: [...days.entries()].map(([day, people]) => ({
      day,
      people: [...people.values()].map((p) => ({
        proxyLinkId: p.proxyLinkId,
        who: p.who,
        things: [...p.counts.entries()].map(([text, count]) => ({ text, count })),
        firstAt: p.firstAt.toISOString(),
        lastAt: p.lastAt.toISOString(),
      })),
    })),
  };
}

/** The last 90 days of what relatives did with the resident's data (at most 1,000 entries). */
export async function proxyActivityOf(deps: Pick<AppDeps, 'models' | 'clock'>, residentId: Types.ObjectId): Promise<ProxyActivityDto> {
  const since = new Date(deps.clock.now().getTime() - 90 * 24 * 3_600_000);
  const entries = await deps.models.AuditEntry.find({ subjectResidentId: residentId, 'actor.kind': 'proxy', at: { $gte: since } }, { at: 1, action: 1, actor: 1 }).sort({ at: -1 }).limit(1000).lean();
  const links = await deps.models.ProxyLink.find({ residentId }, { relationship: 1 }).lean();
  const relationships = new Map(links.map((l) => [String(l._id), l.relationship ?? null]));
  return collapseProxyActivity(
    entries.map((e) => ({ at: e.at, action: e.action, proxyLinkId: e.actor.proxyLinkId ? String(e.actor.proxyLinkId) : null })),
    relationships,
  );
}
