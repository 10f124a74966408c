import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { storageKeys } from '../services/storageKeys';
import { parseStoredObject } from './storedObject';

/**
 * The resident whose archive the user is acting on: their own (relation `self`) or, for a family
 * member, a resident who invited them (relation `proxy`). Services build resident-scoped paths
 * (`/api/residents/:residentId/…`) from it and PageShell shows it on every screen. Persisted, tagged
 * with the account it belongs to so a different login never inherits it; the service re-checks the
 * proxy link on every request, and `services/profile.ts` drops a profile the account lost.
 */
export type ProfileRelation = 'self' | 'proxy';

export interface ActiveProfile {
  /** The signed-in account this choice belongs to. */
  accountId: string;
  residentId: string;
  /** Display name, e.g. 王建国 */
  name: string;
  relation: ProfileRelation;
  /** Proxy scopes (`view`, `logReadings`, `book`, `redeem`); empty for `self`. */
  scopes: string[];
  /** More than one profile to choose from: the banner offers 切换. */
  switchable: boolean;
}

type Listener = () => void;

const listeners = new Set<Listener>();
let loaded = false;
let activeProfile: ActiveProfile | null = null;

/** Pure: a stored value back to an ActiveProfile, or null when it is not one. */
export function parseActiveProfile(value: unknown): ActiveProfile | null {
  const record = parseStoredObject(value);
  if (!record) return null;
  const { accountId, residentId, name, relation, scopes, switchable } = record;
  if (typeof accountId !== 'string' || typeof residentId !== 'string' || residentId === '' || typeof name !== 'string') return null;
  if (relation !== 'self' && relation !== 'proxy') return null;
  const scopeList = Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [];
  return { accountId, residentId, name, relation, scopes: scopeList, switchable: switchable === true };
}

function readStored(): ActiveProfile | null {
  try {
    return parseActiveProfile(Taro.getStorageSync(storageKeys.activeProfile));
  } catch {
    return null;
  }
}

/**
 * Whose things a screen shows, as its titles say them: "我的" on the resident's own phone, the
 * resident's name on a relative's ("王秀英的积分"), never "我的" for someone else's.
 */
export function possessiveOf(profile: Pick<ActiveProfile, 'relation' | 'name'> | null): string {
  return profile?.relation === 'proxy' ? `${profile.name}的` : '我的';
}

export function getActiveProfile(): ActiveProfile | null {
  if (!loaded) {
    loaded = true;
    activeProfile = readStored();
  }
  return activeProfile;
}

export function setActiveProfile(profile: ActiveProfile | null): void {
  loaded = true;
  activeProfile = profile;
  try {
    if (profile) Taro.setStorageSync(storageKeys.activeProfile, JSON.stringify(profile));
    else Taro.removeStorageSync(storageKeys.activeProfile);
  } catch {
    // Storage unavailable: the choice still holds until the app closes.
  }
  for (const listener of listeners) listener();
}

export function subscribeActiveProfile(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useActiveProfile(): ActiveProfile | null {
  return useSyncExternalStore(subscribeActiveProfile, getActiveProfile, getActiveProfile);
}
