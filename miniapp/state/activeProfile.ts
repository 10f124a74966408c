import { useSyncExternalStore } from 'react';

/**
 * The resident whose archive the user is acting on. A family member (proxy) will be able to switch
 * to a resident's profile; until that feature exists the active profile stays null and PageShell
 * shows no banner. Kept in memory only: a proxy re-chooses after restarting the app.
 */
export interface ActiveProfile {
  residentId: string;
  /** Display name, e.g. 王建国 */
  name: string;
}

type Listener = () => void;

let activeProfile: ActiveProfile | null = null;
const listeners = new Set<Listener>();

export function getActiveProfile(): ActiveProfile | null {
  return activeProfile;
}

export function setActiveProfile(profile: ActiveProfile | null): void {
  activeProfile = profile;
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
